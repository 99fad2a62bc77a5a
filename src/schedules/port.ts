/**
 * The schedules' storage port (issue 12): what the scheduler and the schedule routes need from a database. The
 * schedules module owns it; SQLite and PostgreSQL (src/store) implement it, and the conformance suite
 * (test/store/conformance/describeScheduleStore.ts) pins what both must do alike. Design: docs/schedules.md.
 *
 * Every time is judged by the database's clock, never a node's: a pass is due when `next_run_at <= now()` of the
 * database, so nodes whose clocks disagree by seconds still fire each tick once.
 */
import type { NewTask, TaskRow } from '../engine/index.js';
import type { Schedule } from '../wire/index.js';

/**
 * A schedule as stored: the wire's Schedule without its `description` (the API adds it). Times are ISO 8601 UTC with
 * milliseconds (`2026-12-06T09:00:00.000Z`); `last_task_status` is read with the row (null when there is no such task,
 * or it was deleted); `version` is 1 at insert and bumped by every {@link ScheduleStore.updateSchedule}.
 */
export type ScheduleRow = Omit<Schedule, 'description'>;

/** What a schedule's author chooses (what `POST /api/v1/schedules` takes, defaults applied). */
export type ScheduleFields = Pick<
  ScheduleRow,
  'name' | 'task_type' | 'payload' | 'cron' | 'timezone' | 'enabled' | 'missed' | 'missed_cap' | 'overlap'
>;

/** What {@link ScheduleStore.insertSchedule} stores; `created_at`/`updated_at` are the database's now, `version` 1. */
export type NewSchedule = ScheduleFields & Pick<ScheduleRow, 'id' | 'next_run_at' | 'created_by'>;

/** An edit: the fields given are written (`next_run_at` too, computed by the caller), the rest kept. */
export type SchedulePatch = Partial<
  Pick<
    NewSchedule,
    'name' | 'task_type' | 'payload' | 'cron' | 'timezone' | 'enabled' | 'missed' | 'missed_cap' | 'overlap' | 'next_run_at'
  > & { queued_for: string | null; last_error: string | null }
>;

/** A due schedule as a pass sees it, locked for the pass's transaction. */
export interface DueSchedule {
  row: ScheduleRow;
  /** The database's clock at the pass. */
  now: Date;
}

/**
 * What a pass does with one due schedule, decided (synchronously, by the caller's pure code) from the locked row
 * and the database's clock, and then written in the same transaction.
 */
export interface FireDecision {
  /**
   * Tasks to insert, in order, each with its `idempotency_key` (the tick's). One whose insert meets any unique key
   * (the tick's key already used; a singleton type's task already pending or running) is not inserted and not an
   * error: the store goes on with the next.
   */
  tasks: readonly NewTask[];
  /** Written to the row; the other columns below too. */
  next_run_at: string | null;
  /** The newest tick handled by this pass; null keeps the stored one. */
  last_run_at: string | null;
  queued_for: string | null;
  last_error: string | null;
  /** Added to `skipped_count`. */
  skipped: number;
  /**
   * Ticks of this pass that made no task: passed over by `overlap` (skipped, or a queued tick replaced by a newer
   * one), dropped by the `missed` policy, or whose task could not be built. When > 0 the store records a
   * `schedule_missed` event in the pass's transaction if an enabled rule wants one (issue 15).
   */
  missed: number;
}

/** What a pass wrote. */
export interface FireResult {
  /** The row after the pass (`last_task_id` = the last task inserted, if any; `version` unchanged). */
  schedule: ScheduleRow;
  /** The tasks inserted, as stored (pending), in the decision's order. */
  created: TaskRow[];
}

/** The earliest moment any enabled schedule needs a pass, by the database's clock. */
export interface NextDue {
  at: Date;
  /** Milliseconds from the database's now until `at` (≤ 0: due already). */
  inMs: number;
}

/** Storage of schedules. */
export interface ScheduleStore {
  /** Stores a new schedule and returns it as stored. */
  insertSchedule(schedule: NewSchedule): Promise<ScheduleRow>;
  /** One schedule, or null. */
  getSchedule(id: string): Promise<ScheduleRow | null>;
  /** Every schedule, by name then id. */
  listSchedules(): Promise<ScheduleRow[]>;
  /**
   * Writes the patch and bumps `version` (and `updated_at`), only while the stored version is `expectedVersion`:
   * null when the row changed meanwhile or is gone (the caller reads it again). A pass's own writes do not bump the
   * version, so an edit conflicts only with another edit.
   */
  updateSchedule(id: string, expectedVersion: number, patch: SchedulePatch): Promise<ScheduleRow | null>;
  /** Removes a schedule; false when there was none. Its tasks stay. */
  deleteSchedule(id: string): Promise<boolean>;
  /** Records a task created outside the ticks ("run now") as the schedule's last task; false when the schedule is gone. */
  recordManualRun(id: string, taskId: string): Promise<boolean>;
  /** The database's clock. */
  now(): Promise<Date>;
  /**
   * When the next pass is needed: the earliest `next_run_at` of the enabled schedules, or now for an enabled one
   * holding a `queued_for` whose previous task is no longer pending or running (what dueSchedules would return);
   * null when no schedule is enabled.
   */
  nextDue(): Promise<NextDue | null>;
  /**
   * Ids of the enabled schedules due now (`next_run_at <= now()`, or a `queued_for` whose previous task is no longer
   * pending or running), earliest first, at most `limit`.
   */
  dueSchedules(limit: number): Promise<string[]>;
  /**
   * One transaction: locks the schedule if it is enabled and still due (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
   * a schedule another node is firing is passed over; SQLite: `BEGIN IMMEDIATE`), calls `decide` with it and the
   * database's clock, inserts the decided tasks (notifying runners as an enqueue does) and writes the decided
   * columns. Null (nothing written, `decide` not called) when the schedule is not due, is disabled, is gone or is
   * locked by another pass.
   */
  fire(id: string, decide: (due: DueSchedule) => FireDecision): Promise<FireResult | null>;
}

/** Calls back (coalesced, best effort) when another process may have changed a schedule; returns the stop. */
export type ScheduleWatcher = (onChange: () => void) => () => void;
