/** What each part of the schedule-store conformance suite is given, and the schedules and decisions its tests build. */
import { uuidv7 } from '../../../src/engine/index.js';
import type { NewTask } from '../../../src/engine/index.js';
import type { FireDecision, NewSchedule } from '../../../src/schedules/index.js';
import type { Storage } from '../../../src/store/index.js';
import type { StoreHarness } from './harnessTypes.js';
import { newTaskFixture } from './newTaskFixture.js';

/** The running test's database; describeScheduleStore opens it fresh before each test. */
export interface ScheduleSuite {
  /** The storage of the running test. */
  storage(): Storage;
  /** The harness of the running test; its `open()` acts as another process on the same database. */
  harness(): StoreHarness;
}

/** The task type the scheduled tasks of the suite have. */
export const SCHEDULED_TYPE = 'scheduled_test';

/** A new schedule as the routes would hand it to a store: enabled, due an hour from `base` unless overridden. */
export function newScheduleFixture(overrides: Partial<NewSchedule> = {}): NewSchedule {
  return {
    id: uuidv7(),
    name: 'nightly',
    task_type: SCHEDULED_TYPE,
    payload: { period: 'current_month', note: 'выписка' },
    cron: '30 2 * * *',
    timezone: 'Europe/Moscow',
    enabled: true,
    missed: 'skip',
    missed_cap: 10,
    overlap: 'skip',
    next_run_at: null,
    created_by: null,
    ...overrides,
  };
}

/** The database's clock, and ISO times relative to it. */
export async function dbClock(storage: Storage): Promise<{ now: Date; at: (ms: number) => string }> {
  const now = await storage.schedules.now();
  return { now, at: (ms) => new Date(now.getTime() + ms).toISOString() };
}

/** The task of one tick of a schedule, keyed and labelled as the scheduler keys it. */
export function tickTask(scheduleId: string, tick: string, overrides: Partial<NewTask> = {}): NewTask {
  return newTaskFixture(SCHEDULED_TYPE, {
    idempotency_key: `schedule:${scheduleId}:${tick}`,
    metadata: { schedule_id: scheduleId, scheduled_for: tick },
    payload: { tick },
    ...overrides,
  });
}

/** A decision: these tasks, the rest as given (no queued tick, no error, nothing skipped by default). */
export function decision(tasks: readonly NewTask[], rest: Partial<FireDecision> & Pick<FireDecision, 'next_run_at'>): FireDecision {
  return { tasks, last_run_at: null, queued_for: null, last_error: null, skipped: 0, missed: 0, ...rest };
}
