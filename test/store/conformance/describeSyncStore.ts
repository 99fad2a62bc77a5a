/**
 * The conformance suite of the sync store (src/sync/syncStore.ts): the same tests on SQLite and on
 * PostgreSQL, each on a fresh database. A behaviour added to one store is added here. The tests live in
 * four files by subject; this one opens and drops the database around each of them.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Storage } from '../../../src/store/index.js';
import type { CurrentStorage, StoreHarness } from './harnessTypes.js';
import { syncBatchTests } from './syncBatchTests.js';
import { syncCategoryTests } from './syncCategoryTests.js';
import { syncDefaultRulesMigrationTests } from './syncDefaultRulesMigrationTests.js';
import { syncListTests } from './syncListTests.js';

/** Registers the suite for one backend. */
export function describeSyncStore(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`sync store conformance: ${name}`, () => {
    let harness: StoreHarness;
    let storage: Storage;

    beforeEach(async () => {
      harness = await makeHarness();
      storage = await harness.open();
    });
    afterEach(async () => {
      await harness.drop();
    });

    const current: CurrentStorage = () => storage;
    describe('batches', () => syncBatchTests(current));
    describe('lists and look-ups', () => syncListTests(current));
    describe('categories and rules', () => syncCategoryTests(current));
    describe('default rules migration', () => syncDefaultRulesMigrationTests(current));
  });
}
