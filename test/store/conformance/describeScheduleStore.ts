/**
 * The conformance suite of the schedule store (src/schedules/port.ts): the same tests on SQLite and on PostgreSQL,
 * through the port only. The tests live in files by subject (registered below); this one opens and drops the
 * database around each of them. Two handles on one database stand for two processes.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Storage } from '../../../src/store/index.js';
import type { StoreHarness } from './harnessTypes.js';
import { scheduleDueTests } from './scheduleDueTests.js';
import { scheduleFireTests } from './scheduleFireTests.js';
import { scheduleRowTests } from './scheduleRowTests.js';
import type { ScheduleSuite } from './scheduleSuite.js';

/** Registers the suite for one backend. */
export function describeScheduleStore(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`schedule store conformance: ${name}`, () => {
    let harness: StoreHarness;
    let storage: Storage;
    beforeEach(async () => {
      harness = await makeHarness();
      storage = await harness.open();
    });
    afterEach(async () => {
      await harness.drop();
    });

    const suite: ScheduleSuite = { storage: () => storage, harness: () => harness };
    describe('rows', () => scheduleRowTests(suite));
    describe('due-ness', () => scheduleDueTests(suite));
    describe('fire', () => scheduleFireTests(suite));
  });
}
