/** What each part of the task-store conformance suite is given; describeTaskStore sets it up around every test. */
import type { EngineOptions, TaskEngine } from '../../../src/engine/index.js';
import type { Storage } from '../../../src/store/index.js';
import type { StoreHarness } from './harnessTypes.js';

/** The running test's database, and engines on it that are stopped after the test. */
export interface TaskSuite {
  /** The storage of the running test (opened fresh before each one). */
  storage(): Storage;
  /** The harness of the running test; its `open()` acts as another process on the same database. */
  harness(): StoreHarness;
  /** Makes a new connection the running test's storage, as a restarted process would have one, and returns it. */
  reopen(): Promise<Storage>;
  /**
   * A TaskEngine on `s` (by default the running test's storage, as it is when called), stopped after the test;
   * `options` override the suite's engine settings (priorityAgingMs, idempotencyWindowMs, runTasks, …).
   */
  newEngine(s?: Storage, concurrency?: number, options?: EngineTestOptions): TaskEngine;
}

/** Engine settings a test may override (the storage is the `s` argument of {@link TaskSuite.newEngine}). */
export type EngineTestOptions = Partial<Omit<EngineOptions, 'storage'>>;
