import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ActiveTasks, ActiveTask } from './ActiveTasks.js';
import { retryWhileUnavailable } from './databaseErrors.js';
import { TaskCancelledError } from './errors.js';
import type { Json, TaskRow } from './types.js';
import type { Logger } from './logger.js';
import { boundLogLine, checkLogCall } from './logLine.js';
import type { TaskLogs } from './TaskLogs.js';
import type { TaskLogLevel } from './taskLogStore.js';

/** What a task handler receives. */
export interface TaskContext<P = Json> {
  readonly taskId: string;
  /** The payload given at enqueue. */
  readonly payload: P;
  /** Attempt number, starting at 1. */
  readonly attempt: number;
  /** The last committed resume cursor (null on a fresh start). */
  readonly resumeFrom: Json;
  /** The owner of the task, if any. */
  readonly userId: number | null;
  /** Aborts when cancellation is requested; pass it to fetch and other cancellable I/O. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /**
   * Logs a line of this task: kept with the task (its newest lines, each at most a few KB; see
   * docs/task-lifecycle.md), sent live to the task's subscribers, and written to the server log with the task's
   * id, attempt and node. Buffered: returns at once, the lines are stored in batches.
   */
  log(level: TaskLogLevel, message: string, fields?: Record<string, unknown>): void;
  /** Records progress; cheap enough to call per item. Stored and broadcast coalesced. */
  progress(processed: number, message?: string, total?: number | null): void;
  /** Sets the number of items to process (null while unknown). */
  setTotal(total: number | null): void;
  /** A yield point: lets other work run and throws {@link TaskCancelledError} when cancellation was requested. */
  yield(): Promise<void>;
  /** Throws {@link TaskCancelledError} when cancellation was requested (no await). */
  throwIfCancelled(): void;
  /** Writes progress and a resume cursor together, now. */
  checkpoint(processed: number, message: string | undefined, cursor: Json): Promise<void>;
  /**
   * Publishes a task row committed by the caller's own transaction (e.g. a batch of synced records
   * committed with the task's progress), so the engine's state and subscribers follow it.
   */
  committed(row: TaskRow): void;
  /**
   * Runs a database operation of the handler's own (e.g. a batch commit), retrying it with backoff while
   * the database is unreachable or locked, for as long as the engine's `databaseRetryMs` allows. `op` must
   * be safe to repeat. Another error, or the database still unavailable at the end, is thrown.
   */
  retryDatabase<T>(op: () => Promise<T>): Promise<T>;
}

/** A task handler: its resolved value becomes the task's result. */
export type TaskHandler<P = Json> = (ctx: TaskContext<P>) => Promise<Json | void> | Json | void;

/**
 * Throws a RangeError naming the argument when a count is not a whole number ≥ 0 (`total` may also be null
 * or left out): caught at the call, not later as a database error on the task's final write.
 */
export function checkCounts(processed: number, total?: number | null): void {
  if (!Number.isSafeInteger(processed) || processed < 0)
    throw new RangeError(`progress: processed must be a whole number ≥ 0, got ${processed}`);
  if (total !== undefined && total !== null && (!Number.isSafeInteger(total) || total < 0)) {
    throw new RangeError(`progress: total must be a whole number ≥ 0 or null, got ${total}`);
  }
}

/**
 * Builds the context of one run. Its functions are written as methods, not arrow functions: under tsx
 * (esbuild's keepNames) every arrow assigned to a name is wrapped in a defineProperty call, which for a flood
 * of short tasks was a measurable share of the CPU. None of them uses `this`, so handlers may destructure.
 */
export function createTaskContext<P>(
  row: TaskRow,
  task: ActiveTask,
  active: ActiveTasks,
  logger: Logger,
  publish: (row: TaskRow) => void,
  databaseRetryMs: number,
  logs: TaskLogs,
  /** What every server log line of this attempt carries: task_id, task_type, attempt, node. */
  logBase: Readonly<Record<string, unknown>>,
): TaskContext<P> {
  const cancelSwitch = task.controller;
  const taskId = row.task_id;
  return {
    taskId,
    payload: row.payload as P,
    attempt: row.attempt,
    resumeFrom: row.checkpoint,
    userId: row.user_id,
    get signal() {
      return cancelSwitch.signal;
    },
    logger,
    log(level, message, fields) {
      checkLogCall(level, message);
      const line = boundLogLine(level, message, fields, logs.lineBytes);
      logger[level](line.fields === null ? logBase : { ...logBase, fields: JSON.parse(line.fields) as unknown }, line.message);
      logs.append(taskId, line);
    },
    progress(processed, message, total) {
      checkCounts(processed, total);
      active.progress(task, processed, message, total);
    },
    setTotal(total) {
      checkCounts(0, total);
      active.progress(task, task.processed, undefined, total);
    },
    throwIfCancelled() {
      if (cancelSwitch.aborted) throw new TaskCancelledError(taskId);
    },
    async yield() {
      await nextTurn();
      if (cancelSwitch.aborted) throw new TaskCancelledError(taskId);
    },
    async checkpoint(processed, message, cursor) {
      checkCounts(processed);
      active.progress(task, processed, message);
      await active.checkpoint(task, cursor);
    },
    committed(committedRow) {
      task.processed = committedRow.processed;
      if (committedRow.seq > task.row.seq) task.row = committedRow;
      publish(committedRow);
    },
    retryDatabase(op) {
      return retryWhileUnavailable(op, {
        forMs: databaseRetryMs,
        signal: cancelSwitch.signal,
        onRetry(err, pauseMs) {
          logger.warn({ ...logBase, err: String(err), retry_in_ms: pauseMs }, 'database unavailable, retrying');
          // The task's own log too, in the words its user reads (a sync's batch waiting for the database).
          logs.append(
            taskId,
            boundLogLine('warn', `База данных недоступна, повтор через ${pauseMs} мс`, { err: String(err) }, logs.lineBytes),
          );
        },
      });
    },
  };
}
