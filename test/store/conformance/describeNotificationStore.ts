/**
 * The conformance suite of the notification store (src/notifications/port.ts): the same tests on SQLite and on
 * PostgreSQL, through the port (and the task and schedule stores whose writes feed the outbox). The tests live in
 * files by subject (registered below); this one opens and drops the database around each of them. Two handles on
 * one database stand for two processes.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Storage } from '../../../src/store/index.js';
import type { StoreHarness } from './harnessTypes.js';
import { notificationDeliveryTests } from './notificationDeliveryTests.js';
import { notificationExpandTests } from './notificationExpandTests.js';
import { notificationOutboxTests } from './notificationOutboxTests.js';
import { notificationRuleTests } from './notificationRuleTests.js';
import type { NotificationSuite } from './notificationSuite.js';

/** Registers the suite for one backend. */
export function describeNotificationStore(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`notification store conformance: ${name}`, () => {
    let harness: StoreHarness;
    let storage: Storage;
    beforeEach(async () => {
      harness = await makeHarness();
      storage = await harness.open();
    });
    afterEach(async () => {
      await harness.drop();
    });

    const suite: NotificationSuite = { storage: () => storage, harness: () => harness };
    describe('rules and watches', () => notificationRuleTests(suite));
    describe('the outbox', () => notificationOutboxTests(suite));
    describe('expansion', () => notificationExpandTests(suite));
    describe('delivery and the bell', () => notificationDeliveryTests(suite));
  });
}
