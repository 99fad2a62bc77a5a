/**
 * The conformance suite every storage backend must pass: the same tests, through the engine and through
 * the store interface, on SQLite and on PostgreSQL. A behaviour added to one store is added here. The tests
 * live in files by subject (registered below); this one opens and drops the database around each of them,
 * and stops the engines a test started.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { TaskEngine } from '../../../src/engine/index.js';
import type { Storage } from '../../../src/store/index.js';
import type { StoreHarness } from './harnessTypes.js';
import { taskClaimTests } from './taskClaimTests.js';
import { taskDelayTests } from './taskDelayTests.js';
import { taskEventTests } from './taskEventTests.js';
import { taskIdempotencyTests } from './taskIdempotencyTests.js';
import { taskInsertTests } from './taskInsertTests.js';
import { taskLeaseTests } from './taskLeaseTests.js';
import { taskListTests } from './taskListTests.js';
import { taskMetricsTests } from './taskMetricsTests.js';
import { taskLogTests } from './taskLogTests.js';
import { taskPriorityTests } from './taskPriorityTests.js';
import { taskRetryTests } from './taskRetryTests.js';
import { taskRunTests } from './taskRunTests.js';
import type { EngineTestOptions, TaskSuite } from './taskSuite.js';
import { taskTransitionTests } from './taskTransitionTests.js';

export type { StoreHarness } from './harnessTypes.js';

/** Registers the suite for one backend. */
export function describeTaskStore(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`task store conformance: ${name}`, () => {
    let harness: StoreHarness;
    let storage: Storage;
    const engines: TaskEngine[] = [];
    const newEngine = (s: Storage = storage, concurrency = 4, options: EngineTestOptions = {}) => {
      const e = new TaskEngine({ storage: s, concurrency, progressIntervalMs: 20, heartbeatMs: 50, ...options });
      engines.push(e);
      return e;
    };

    beforeEach(async () => {
      harness = await makeHarness();
      storage = await harness.open();
    });
    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop(1000);
      await harness.drop();
    });

    const suite: TaskSuite = {
      storage: () => storage,
      harness: () => harness,
      reopen: async () => (storage = await harness.open()),
      newEngine,
    };
    describe('inserts', () => taskInsertTests(suite));
    describe('runs', () => taskRunTests(suite));
    describe('transitions', () => taskTransitionTests(suite));
    describe('updates', () => taskEventTests(suite));
    describe('claims', () => taskClaimTests(suite));
    describe('leases and recovery', () => taskLeaseTests(suite));
    describe('lists and clean-up', () => taskListTests(suite));
    describe('retries', () => taskRetryTests(suite));
    describe('delayed tasks', () => taskDelayTests(suite));
    describe('priorities', () => taskPriorityTests(suite));
    describe('idempotency keys', () => taskIdempotencyTests(suite));
    describe('metrics', () => taskMetricsTests(suite));
    describe('task logs', () => taskLogTests(suite));
  });
}
