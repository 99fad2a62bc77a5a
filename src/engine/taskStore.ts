/**
 * The engine's storage port: what the engine needs from a database, in the language of the domain. The
 * engine owns it; SQLite (src/store/sqlite) and PostgreSQL (src/store/postgres) implement it, and the
 * conformance suite (test/store/conformance) pins the behaviour both must share. Nothing here knows a driver.
 */
import type { Json, TaskRow, TaskStatus } from './types.js';

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
  visibility?: TaskVisibility;
  limit: number;
  offset: number;
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
  /** Newest first, with the total count of the whole selection. */
  listTasks(query: TaskListQuery): Promise<{ tasks: TaskRow[]; total: number }>;
  /** Every pending or running task the visibility allows (for socket snapshots). */
  listActiveTasks(visibility?: TaskVisibility): Promise<TaskRow[]>;
  /** Atomically moves up to `limit` pending tasks of the given types to running, highest priority first. */
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
   * checkpoint, so the next attempt resumes) while attempts remain; cancelled when cancellation was
   * requested; otherwise failed with `error`. Returns them as changed.
   */
  recoverAbandoned(error: string, deadOwners: readonly string[]): Promise<TaskRow[]>;
  /**
   * running → pending for a task this runner gives up without fault (shutdown): counters and checkpoint
   * kept, lease cleared, and the attempt not counted against max_attempts. Fenced by the attempt.
   */
  handBackTask(taskId: string, update: FinishUpdate, fence: number): Promise<TaskRow>;
  /** Owners holding running tasks (to find those whose process died). */
  listLeaseOwners(): Promise<string[]>;
  /** Removes finished tasks completed before `cutoff`; returns how many. */
  deleteFinishedBefore(cutoff: Date): Promise<number>;
}
/** Waits for tasks inserted by any process; returns a function that stops watching. */
export type NewTaskWatcher = (onNewTasks: () => void) => () => void;

/** What the engine needs of an open database: its tasks, and word of tasks inserted elsewhere. */
export interface TaskStorage {
  readonly tasks: TaskStore;
  /** Calls back (coalesced) when another process may have inserted tasks. */
  watchNewTasks: NewTaskWatcher;
}
