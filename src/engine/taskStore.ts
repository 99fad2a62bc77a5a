/**
 * The engine's storage port: what the engine needs from a database, in the language of the domain. The
 * engine owns it; SQLite (src/store/sqlite) and PostgreSQL (src/store/postgres) implement it, and the
 * conformance suite (test/store/conformance) pins the behaviour both must share. Nothing here knows a driver.
 */
import type { TaskLogStore } from './taskLogStore.js';
import type { Backoff, Json, TaskRow, TaskStatus } from './types.js';
import type { TaskListOrder } from '../wire/index.js';

/** What a caller supplies to create a task; everything else gets its initial value. */
export interface NewTask {
  task_id: string;
  task_type: string;
  total: number | null;
  payload: Json;
  metadata: Record<string, Json>;
  user_id: number | null;
  priority: number;
  max_attempts: number;
  message: string | null;
  /** Milliseconds after start at which the task is cancelled and failed; null for none. */
  timeout_ms: number | null;
  /** At most one pending or running task per key (TaskAlreadyActiveError otherwise); null for none. */
  singleton_key?: string | null;
  /** Not claimed before this time (ISO 8601); null or a past time: now (the database's clock). */
  run_at: string | null;
  /**
   * How far ahead in line the task starts, ms: priority × the aging interval. The store orders claims by
   * `run_at − lead_ms` (its claim key), and later reschedules keep that difference, so a task keeps its
   * priority across retries and a waiting task overtakes higher priorities once it has waited long enough.
   */
  lead_ms: number;
  /** This task's own backoff, or null for its type's. */
  backoff: Backoff | null;
  /** See {@link TaskStore.insertIdempotent}; null or absent for none. */
  idempotency_key?: string | null;
}

/** Which finished tasks a bulk retry takes (see {@link TaskStore.retryFinishedMany}). */
export interface RetryManyQuery {
  status: 'failed' | 'cancelled';
  taskType?: string;
  /** At most this many, oldest first. */
  limit: number;
  /** Spread: the n-th task (from 0) is due n / perSecond seconds from now. */
  perSecond: number;
}

/** Who may see what in a list: the owner's tasks, plus tasks of shared types. Absent = everything. */
export interface TaskVisibility {
  ownerId: number;
  /** Task types visible to this caller whoever owns them. */
  sharedTypes: readonly string[];
}

/** Filter and page of {@link TaskStore.listTasks}. */
export interface TaskListQuery {
  taskType?: string;
  status?: TaskStatus;
  /** Only this owner's tasks (an explicit filter, independent of visibility). */
  ownerId?: number;
  /** Only the task with this id (lower case): a search by id, under the same visibility. */
  taskId?: string;
  /** Created at or after this time. */
  createdFrom?: Date;
  /** Created before this time (exclusive). */
  createdTo?: Date;
  visibility?: TaskVisibility;
  limit: number;
  offset: number;
  /**
   * Count at most `offset + countCap` matches (the API's TASK_LIST_COUNT_CAP): past that, `total` is
   * `offset + countCap` and `totalCapped` is true. Undefined: an exact count, which on a large table walks
   * every match.
   */
  countCap?: number;
  /**
   * By creation, newest first (undefined, `created_desc`) or oldest first (`created_asc`): GET /api/v1/tasks `order`.
   * `status` (by status, then newest first) is the engine's: it puts the page together from the stores' lists of
   * each status (listByStatus.ts), so a store never sees it.
   */
  order?: TaskListOrder;
}

/** A {@link TaskListQuery} as a store lists it: by creation only. */
export type StoreTaskListQuery = TaskListQuery & { order?: Exclude<TaskListOrder, 'status'> };

/** What {@link TaskStore.listTasks} answers: one page, and how many match (see {@link TaskListQuery.countCap}). */
export interface TaskListPage<T> {
  tasks: T[];
  total: number;
  /** More than `total` match: the count stopped at its cap. */
  totalCapped: boolean;
}

/** A progress write; fields left undefined keep their stored value. */
export interface ProgressUpdate {
  processed: number;
  total?: number | null;
  message?: string | null;
}

/** The end of a run: final counters and message go in the same statement as the status. */
export interface FinishUpdate {
  processed?: number;
  total?: number | null;
  message?: string | null;
}

/** Which attempt is writing: a write from an attempt that lost its lease changes nothing. */
export type Fence = number | undefined;

/** One completion of {@link TaskStore.completeTasks}. */
export interface CompleteItem {
  taskId: string;
  result: Json;
  update: FinishUpdate;
  fence?: Fence;
  /**
   * The task's row as the completing process last wrote or read it. A store may build the completed row
   * from it and read back only the columns the completion changes (the no-op-flood path); `result` must
   * then already be the plain JSON value that is stored.
   */
  known?: TaskRow;
}

/** Who claims tasks at insert (see {@link TaskStore.insertTasks}). */
export interface ClaimFor {
  leaseOwner: string;
  leaseMs: number;
}

/** Pending or running tasks of one type, as {@link TaskStore.countActiveTasks} counts them. */
export interface ActiveTaskCount {
  task_type: string;
  status: 'pending' | 'running';
  count: number;
  /** Pending only: how long the oldest due one (run_at ≤ now) has waited, ms by the database's clock; null when none is due. */
  oldest_wait_ms: number | null;
}

/** Claim options for {@link TaskStore.claimTasks}. */
export interface ClaimOptions {
  types: readonly string[];
  limit: number;
  leaseOwner: string;
  leaseMs: number;
}

/** Storage of tasks. Every transition is one guarded statement; see docs/task-lifecycle.md. */
export interface TaskStore {
  /**
   * Inserts pending tasks (one transaction) and returns them as stored. With `claimFor` they are inserted
   * already running, leased to that owner (attempt 1, seq 2: created and claimed in one statement), for a
   * runner with free slots to start them without a claim round trip; nobody else is told of them.
   */
  insertTasks(tasks: readonly NewTask[], claimFor?: ClaimFor): Promise<TaskRow[]>;
  /** One task, or null. */
  getTask(taskId: string): Promise<TaskRow | null>;
  /** Newest first (or oldest first), with the total count of the whole selection. */
  listTasks(query: StoreTaskListQuery): Promise<TaskListPage<TaskRow>>;
  /** Every pending or running task the visibility allows (for socket snapshots). */
  listActiveTasks(visibility?: TaskVisibility): Promise<TaskRow[]>;
  /**
   * Atomically moves up to `limit` due pending tasks (`run_at` ≤ now) of the given types to running, in claim
   * order: lowest claim key (`run_at − lead_ms`) first, then oldest. Final writes (complete, fail, cancel)
   * end the lease but keep `lease_owner`, the node of the last attempt.
   */
  claimTasks(options: ClaimOptions): Promise<TaskRow[]>;
  /** pending → running for one task (manual start). Throws when it is not pending. */
  startTask(taskId: string, leaseOwner: string, leaseMs: number): Promise<TaskRow>;
  /** Progress of a running task. Throws InvalidTransitionError when it is not running. */
  setProgress(taskId: string, update: ProgressUpdate, fence?: Fence): Promise<TaskRow>;
  /** Progress and a resume cursor, in one statement. */
  saveCheckpoint(taskId: string, update: ProgressUpdate, checkpoint: Json, fence?: Fence): Promise<TaskRow>;
  /** running → completed. Throws InvalidTransitionError otherwise (a cancelled task stays cancelled). */
  completeTask(taskId: string, result: Json, update: FinishUpdate, fence?: Fence): Promise<TaskRow>;
  /**
   * running → completed for many tasks in one transaction (the runner's hot path). Returns, per item and
   * in order, the completed row or the named error explaining why that one was refused.
   */
  completeTasks(items: readonly CompleteItem[]): Promise<(TaskRow | Error)[]>;
  /** pending|running → failed. */
  failTask(taskId: string, error: string, update: FinishUpdate, fence?: Fence): Promise<TaskRow>;
  /** running → cancelled (the handler stopped at a yield point). */
  markCancelled(taskId: string, update: FinishUpdate, fence?: Fence): Promise<TaskRow>;
  /**
   * pending → cancelled at once; running → cancel_requested = true. Throws TaskNotCancellableError when
   * the task already finished.
   */
  requestCancel(taskId: string): Promise<TaskRow>;
  /**
   * Hands claimed tasks that never started back to pending (attempt and start undone), each only while
   * its attempt still matches. Returns the rows released.
   */
  releaseTasks(items: readonly { taskId: string; fence: number }[]): Promise<TaskRow[]>;
  /** Extends the leases this owner holds; returns the ids among them whose cancellation was requested. */
  renewLeases(leaseOwner: string, taskIds: readonly string[], leaseMs: number): Promise<string[]>;
  /**
   * Running tasks whose lease expired or whose owner is in `deadOwners`: back to pending (keeping their
   * checkpoint, so the next attempt resumes, and their place in line) while attempts remain, the attempt
   * appended to `attempt_log` as `lost`; cancelled when cancellation was requested; otherwise failed with
   * `error`. Returns them as changed.
   */
  recoverAbandoned(error: string, deadOwners: readonly string[]): Promise<TaskRow[]>;
  /**
   * running → pending for a task this runner gives up without fault (shutdown): counters, checkpoint and place
   * in line kept, lease cleared, the attempt logged as `interrupted` and not counted against max_attempts.
   * Fenced by the attempt.
   */
  handBackTask(taskId: string, update: FinishUpdate, fence: number): Promise<TaskRow>;
  /** Owners holding running tasks (to find those whose process died). */
  listLeaseOwners(): Promise<string[]>;
  /** Removes finished tasks completed before `cutoff`; returns how many. */
  deleteFinishedBefore(cutoff: Date): Promise<number>;
  /**
   * A failed attempt that will be tried again: running → pending, due `delayMs` from now (the database's
   * clock), the attempt appended to `attempt_log` (outcome `failed`, this error), `error` set to it, the final
   * counters written, the lease ended; the claim key moves with `run_at` (the priority lead is kept). If a
   * cancellation was requested meanwhile the task ends `cancelled` instead. Fenced by the attempt.
   */
  retryLater(taskId: string, error: string, update: FinishUpdate, fence: number, delayMs: number): Promise<TaskRow>;
  /**
   * Manual retry: failed or cancelled → pending, due now, as the next attempt (max_attempts raised to
   * attempt + 1 when spent), keeping checkpoint and counters; the ended attempt (if it ever started) goes to
   * `attempt_log`; cancel_requested and completed_at cleared. TaskNotRetryableError when the task is not
   * failed or cancelled, TaskNotFoundError when there is none.
   */
  retryFinished(taskId: string): Promise<TaskRow>;
  /** {@link retryFinished} for up to `limit` tasks of a status (and type), spread over time; returns them. */
  retryFinishedMany(query: RetryManyQuery): Promise<TaskRow[]>;
  /**
   * The earliest `run_at` among delayed pending tasks of these types (those waiting past their creation: delayed
   * enqueues, retries), and how long until then by the database's clock — the clock claims compare with — in ms
   * (≤ 0: due already); null when there is none.
   */
  nextRunAt(types: readonly string[]): Promise<{ runAt: Date; inMs: number } | null>;
  /**
   * Pending and running tasks per type, and the wait of the oldest due pending one (the cluster gauges of /metrics).
   * Reads through the partial indexes of pending and running tasks only, however many finished ones the table holds.
   */
  countActiveTasks(): Promise<ActiveTaskCount[]>;
  /**
   * Inserts one pending task unless a task of the same type and `idempotency_key` is pending or running, or
   * finished less than `windowMs` ago: then returns that one (`created: false`). Exactly one task is created
   * under concurrent calls. The key of an older finished task is released for the new one.
   */
  insertIdempotent(task: NewTask & { idempotency_key: string }, windowMs: number): Promise<{ row: TaskRow; created: boolean }>;
}
/**
 * Waits for tasks inserted (or made pending again) by any process; returns a function that stops watching.
 * `dueAt` (epoch ms), when given, says the tasks are not due before then (delayed enqueue, a retry's wait);
 * without it they may be due now, or the watcher cannot tell (the runner then asks {@link TaskStore.nextRunAt}).
 */
export type NewTaskWatcher = (onNewTasks: (dueAt?: number) => void) => () => void;

/** What the engine needs of an open database: its tasks, and word of tasks inserted elsewhere. */
export interface TaskStorage {
  readonly tasks: TaskStore;
  /** Calls back (coalesced) when another process may have inserted tasks. */
  watchNewTasks: NewTaskWatcher;
  /** The tasks' log lines (`ctx.log`); without it they go to the server log only. */
  readonly logs?: TaskLogStore;
}
