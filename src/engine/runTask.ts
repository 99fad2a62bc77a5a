import { setTimeout as sleep } from 'node:timers/promises';
import type { ActiveTask, ActiveTasks } from './ActiveTasks.js';
import type { CompletionBatcher } from './CompletionBatcher.js';
import { LeaseLostError, TaskCancelledError, TaskcastError } from './errors.js';
import type { Logger } from './logger.js';
import { createTaskContext, type TaskHandler } from './TaskContext.js';
import type { TaskEvents } from './TaskEvents.js';
import type { Json, TaskRow } from './types.js';
import type { FinishUpdate, TaskStore } from '../store/types.js';

/** What {@link runTask} needs from the engine. */
export interface RunDeps {
  store: TaskStore;
  completions: CompletionBatcher;
  active: ActiveTasks;
  events: TaskEvents;
  logger: Logger;
  /** Aborted once the engine has stopped waiting for its runs: final writes still being retried give up. */
  stopping: AbortSignal;
}

/** Message a user sees when a handler throws something that is not an Error. */
const UNKNOWN_FAILURE = 'Задача завершилась с ошибкой';
/** Start of the error of a task whose handler returned a result that cannot be stored. */
const UNSTORABLE_RESULT = 'Результат задачи не удалось сохранить';

/** A final write that failed for a transient reason is retried after 50 ms, 100 ms, … (at most 1 s apart), for 5 s. */
const RETRY_FIRST_DELAY_MS = 50;
const RETRY_MAX_DELAY_MS = 1_000;
const RETRY_FOR_MS = 5_000;

/**
 * Runs a handler for a task that this process just moved to running, and ends the task:
 * completed with the handler's result; cancelled when cancellation was requested (whatever the handler
 * threw on its way out); failed with the error's message otherwise (the stack goes to the log only).
 * Never rejects: every outcome is recorded on the task.
 */
export async function runTask(
  row: TaskRow,
  handler: TaskHandler<never>,
  deps: RunDeps,
  /** Called once the handler returned or threw, before the final write (the runner frees the slot). */
  onHandlerDone?: () => void,
): Promise<TaskRow | null> {
  const { store, active, events, logger } = deps;
  const task = active.get(row.task_id) ?? active.track(row);
  const log = { task_id: row.task_id, task_type: row.task_type, attempt: row.attempt };
  logger.info(log, 'task started');
  if (row.cancel_requested) task.controller.abort();
  const ctx = createTaskContext<never>(row, task, active, logger, (r) => events.publish(r));
  const startedAt = performance.now();
  let result: Json | void;
  try {
    try {
      result = await handler(ctx);
    } finally {
      onHandlerDone?.();
    }
  } catch (err) {
    if (task.timedOutAfterMs !== undefined) {
      const message = `Превышено время выполнения задачи (${Math.round(task.timedOutAfterMs / 1000)} с)`;
      logger.error({ ...log }, 'task timed out');
      return finish(deps, task, log, 'failed', (c) => store.failTask(task.taskId, message, c, task.fence));
    }
    if (task.handBack) return finish(deps, task, log, 'handed back', (c) => store.handBackTask(task.taskId, c, task.fence));
    const cancelled = task.controller.aborted || err instanceof TaskCancelledError;
    if (cancelled) return finish(deps, task, log, 'cancelled', (c) => store.markCancelled(task.taskId, c, task.fence));
    const message = err instanceof Error ? err.message || err.name : UNKNOWN_FAILURE;
    logger.error({ ...log, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'task failed');
    return finish(deps, task, log, 'failed', (c) => store.failTask(task.taskId, message, c, task.fence));
  }
  const duration_ms = Math.round(performance.now() - startedAt);
  const unstorable = jsonProblem(result ?? null);
  if (unstorable) {
    const message = `${UNSTORABLE_RESULT}: ${unstorable}`;
    logger.error({ ...log, err: unstorable }, 'task result cannot be stored');
    return finish(deps, task, log, 'failed', (c) => store.failTask(task.taskId, message, c, task.fence));
  }
  return finish(deps, task, { ...log, duration_ms }, 'completed', (c) =>
    deps.completions.complete({ taskId: task.taskId, result: result ?? null, update: c, fence: task.fence, known: task.row }).catch((err: unknown) => {
      // The database refused the value itself (e.g. a \u0000 in a string on PostgreSQL): retrying cannot help,
      // and the handler's work must not look lost — the task fails with the reason.
      if (!isDataError(err)) throw err;
      logger.error({ ...log, err: String(err) }, 'task result cannot be stored');
      const { message, detail } = err as Error & { detail?: string };
      return store.failTask(task.taskId, `${UNSTORABLE_RESULT}: ${message}${detail ? ` (${detail})` : ''}`, c, task.fence);
    }),
  );
}

/** Why a handler's result cannot be kept as JSON (a BigInt, a cycle), or null when it can. */
function jsonProblem(result: unknown): string | null {
  if (result === null || typeof result !== 'object') {
    if (typeof result !== 'bigint') return null;
  }
  try {
    JSON.stringify(result);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** A database error about the data written (SQLSTATE class 22 data exception, 23 integrity), not the connection. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return !(err instanceof TaskcastError) && typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/**
 * Ends the task with `write` (given the task's newest counters) and reports how it ended. Every attempt of
 * the write carries the same counters, result and fence, so a retry after the lease was lost is refused;
 * the task stays held meanwhile, so the heartbeat keeps renewing its lease. (Promise chains rather than
 * async functions: this runs once per task, and a flood of short tasks felt every allocation.)
 */
function finish(
  deps: RunDeps,
  task: ActiveTask,
  log: Record<string, unknown>,
  outcome: string,
  write: (counters: FinishUpdate) => Promise<TaskRow>,
): Promise<TaskRow | null> {
  return deps.active
    .finish(task, (c) => write(c).catch((err: unknown) => retryTransient(deps, log, outcome, err, () => write(c))))
    .then(
      (row) => {
        if (outcome !== 'failed' && row.status !== 'failed') deps.logger.info(log, `task ${outcome}`);
        return row;
      },
      (err: unknown) => refused(deps, task, log, outcome, err),
    );
}

/**
 * The final transition was refused: the lease was lost (another attempt owns the task) or the task was ended
 * elsewhere (e.g. failed by the reaper). The store already holds the truth; report it. (Or the database
 * stayed unreachable through every retry: the lease reaper ends the task later.)
 */
async function refused(deps: RunDeps, task: ActiveTask, log: Record<string, unknown>, outcome: string, err: unknown): Promise<TaskRow | null> {
  const level = err instanceof LeaseLostError ? 'warn' : 'error';
  deps.logger[level]({ ...log, err: String(err) }, `could not record task as ${outcome}`);
  const current = await deps.store.getTask(task.taskId).catch(() => null);
  if (current) deps.events.publish(current);
  return current;
}

/**
 * After a final write failed with `firstError`: runs it again after a short pause while it fails for a
 * transient reason (a dropped connection, a busy database), for the handler's outcome would otherwise be
 * lost and the task left running until its lease expires. Our named errors are refusals — the store holds
 * the truth — and are not retried.
 */
async function retryTransient(
  deps: RunDeps,
  log: Record<string, unknown>,
  outcome: string,
  firstError: unknown,
  write: () => Promise<TaskRow>,
): Promise<TaskRow> {
  const giveUpAt = Date.now() + RETRY_FOR_MS;
  let err = firstError;
  for (let delay = RETRY_FIRST_DELAY_MS; ; delay = Math.min(delay * 2, RETRY_MAX_DELAY_MS)) {
    if (err instanceof TaskcastError || deps.stopping.aborted || Date.now() + delay > giveUpAt) throw err;
    deps.logger.warn({ ...log, err: String(err), retry_in_ms: delay }, `could not record task as ${outcome}, retrying`);
    const stopped = await sleep(delay, false, { signal: deps.stopping }).catch(() => true);
    if (stopped) throw err;
    try {
      return await write();
    } catch (next) {
      err = next;
    }
  }
}
