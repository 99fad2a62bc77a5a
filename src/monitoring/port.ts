/**
 * The storage port of the monitoring (issue 14), implemented by src/store on SQLite and PostgreSQL: the
 * per-minute figures of the tasks, computed from the tasks table and kept in task_minutes (migration 011).
 * Times are Unix milliseconds, minutes are whole (a multiple of 60,000).
 */

/** What one figure row counts: a finished task's outcome, a retried attempt, or a wait or run time in a bucket. */
export type FigureKind = 'completed' | 'failed' | 'cancelled' | 'retried' | 'wait' | 'run';

/**
 * One group of a minute's figures as the database counts them: `n` tasks (or attempts) of `task_type` whose `kind`
 * fell in `minute`; for 'wait' and 'run', those in log bucket `bucket` (see minuteBuckets.ts) and the sum of their
 * times, ms.
 */
export interface FigureRow {
  minute: number;
  task_type: string;
  kind: FigureKind;
  bucket: number | null;
  n: number;
  sum_ms: number;
}

/** One task type's figures of one minute, as task_minutes keeps them. */
export interface TaskMinute {
  minute: number;
  task_type: string;
  completed: number;
  failed: number;
  cancelled: number;
  retried: number;
  wait_count: number;
  wait_sum_ms: number;
  run_count: number;
  run_sum_ms: number;
  /** Counts per log bucket, by bucket index. */
  wait_buckets: Record<string, number>;
  run_buckets: Record<string, number>;
  /** Sampled when the minute was rolled up; null when it was rolled up later. */
  pending: number | null;
  running: number | null;
}

/** Tasks of a type waiting or running now. */
export interface QueueCount {
  task_type: string;
  pending: number;
  running: number;
}

/** The per-minute figures' storage. */
export interface TaskMinuteStore {
  /** The database's clock, and the end of the minutes already rolled up (null before the first roll-up). */
  taskMinutesState(): Promise<{ now: number; doneUntil: number | null }>;
  /** The figures of the minutes [from, to) computed from the tasks table now (one scan of it). */
  computeTaskFigures(from: number, to: number): Promise<FigureRow[]>;
  /** Pending and running tasks per type now. */
  queueCounts(): Promise<QueueCount[]>;
  /**
   * Inserts `rows` (ON CONFLICT DO NOTHING) and moves the roll-up's end from `doneUntil` to `until`, in one
   * transaction; false, and nothing written, when another node moved it first.
   */
  insertTaskMinutes(rows: readonly TaskMinute[], doneUntil: number | null, until: number): Promise<boolean>;
  /** The stored minutes [from, to), oldest first. */
  listTaskMinutes(from: number, to: number): Promise<TaskMinute[]>;
  /** Deletes the minutes before `before`; answers how many. */
  deleteTaskMinutesBefore(before: number): Promise<number>;
}
