import { setTimeout as sleep } from 'node:timers/promises';
import type { ActiveTask, ActiveTasks } from './ActiveTasks.js';
import type { CompletionBatcher } from './CompletionBatcher.js';
import { LeaseLostError, NonRetryableError, RetryAfterError, TaskCancelledError, TaskcastError } from './errors.js';
import { MAX_DELAY_MS, backoffDelay } from './backoff.js';
import type { Backoff } from './types.js';
import type { Json, TaskRow } from './types.js';
import type { FinishUpdate, TaskStore } from './taskStore.js';
import type { Logger } from './logger.js';
import { createTaskContext, type TaskHandler } from './TaskContext.js';
import { databaseMessage, isDataError } from './databaseErrors.js';
import type { TaskEvents } from './TaskEvents.js';
import type { TaskObserver } from './TaskObserver.js';
import { isoDiffMs } from './isoDiff.js';
import type { TaskLogs } from './TaskLogs.js';

/** What {@link runTask} needs from the engine. */
export interface RunDeps {
  store: TaskStore;
  completions: CompletionBatcher;
  active: ActiveTasks;
  events: TaskEvents;
  logger: Logger;
  /** Aborted once the engine has stopped waiting for its runs: final writes still being retried give up. */
  stopping: AbortSignal;
  /** Budget of a handler's `ctx.retryDatabase`, ms. */
  databaseRetryMs: number;
  /** A failed attempt was rescheduled (the runner arms its timer for the row's run_at). */
  onRetryScheduled: (row: TaskRow) => void;
  /** The handlers' log lines (`ctx.log`), written before the attempt's final state. */
  logs: TaskLogs;
  /** Told of each start and end (the metrics); null: nobody listens. */
  observer: TaskObserver | null;
}

/** How a task type's failures are retried (see TaskTypeDefinition): absent for a caller-driven run, never retried. */
export interface RetryRule {
  /** The type's backoff, for a task that has none of its own. */
  backoff: Backoff;
  retryable?: (error: unknown) => boolean;
}

/**
 * The delay before the next attempt after this one failed with `err`, ms, or null when the task fails now:
 * no attempts left, a NonRetryableError, or the type's `retryable` hook said no. A RetryAfterError gives its
 * own delay. (A cancellation never gets here.)
 */
export function nextAttemptDelay(row: TaskRow, err: unknown, rule: RetryRule | undefined, logger: Logger): number | null {
  if (!rule || row.attempt >= row.max_attempts || err instanceof NonRetryableError) return null;
  if (err instanceof RetryAfterError) return Math.min(err.retryAfterMs, MAX_DELAY_MS);
  if (rule.retryable) {
    try {
      if (!rule.retryable(err)) return null;
    } catch (hookErr) {
      logger.error(
        { task_id: row.task_id, attempt: row.attempt, node: row.lease_owner, err: String(hookErr) },
        'retryable() threw: the task is not retried',
      );
      return null;
    }
  }
  return Math.min(backoffDelay(row.backoff ?? rule.backoff, row.attempt), MAX_DELAY_MS);
}

/** Message a user sees when a handler throws something that is not an Error. */
const UNKNOWN_FAILURE = 'Задача завершилась с ошибкой';
/** Start of the error of a task whose handler returned a result that cannot be stored. */
const UNSTORABLE_RESULT = 'Результат задачи не удалось сохранить';
/** Start of the error of a task whose final counters or message the database refused. */
const UNSTORABLE_END = 'Итог задачи не удалось сохранить';

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
  /** The task type's retry rule; without one a failure is final. */
  retry?: RetryRule,
): Promise<TaskRow | null> {
  const { store, active, events, logger } = deps;
  // Held already for this attempt when started by hand (startTask, then runAsyncTask). A task held for an earlier
  // attempt is that attempt still finishing: its retry was written and claimed before the write's answer came back
  // (a short backoff on a busy process). It is not this attempt's: its signal is aborted and its fence is old.
  let task = active.get(row.task_id);
  if (!task || task.fence !== row.attempt) {
    task = active.track(row);
    deps.observer?.taskStarted(row.task_type, waitedMs(row));
  }
  // Every server log line of the attempt names the task, the attempt and the node (its lease owner).
  const log = { task_id: row.task_id, task_type: row.task_type, attempt: row.attempt, node: row.lease_owner };
  logger.info(log, 'task started');
  if (row.cancel_requested) task.controller.abort();
  const ctx = createTaskContext<never>(row, task, active, logger, (r) => events.publish(r), deps.databaseRetryMs, deps.logs, log);
  const startedAt = performance.now();
  let result: Json | void;
  try {
    try {
      result = await handler(ctx);
    } finally {
      onHandlerDone?.();
      // The attempt's last lines are stored before its final state (a task that never logged skips this).
      if (deps.logs.has(row.task_id)) await deps.logs.flush(row.task_id);
    }
  } catch (err) {
    if (task.timedOutAfterMs !== undefined) {
      const message = `Превышено время выполнения задачи (${Math.round(task.timedOutAfterMs / 1000)} с)`;
      logger.error({ ...log }, 'task timed out');
      // A timeout is retried by the policy (the type's retryable hook is for the handler's own errors).
      return failOrRetry(deps, task, log, message, nextAttemptDelay(row, null, retry && { backoff: retry.backoff }, logger));
    }
    if (task.handBack) return finish(deps, task, log, 'handed back', (c) => store.handBackTask(task.taskId, c, task.fence));
    const cancelled = task.controller.aborted || err instanceof TaskCancelledError;
    if (cancelled) return finish(deps, task, log, 'cancelled', (c) => store.markCancelled(task.taskId, c, task.fence));
    const message = err instanceof Error ? err.message || err.name : UNKNOWN_FAILURE;
    const delay = nextAttemptDelay(row, err, retry, logger);
    // The attempt is over: what it started and did not wait for (a request still in flight, a Retry-After wait)
    // is aborted, so it cannot reach the other side once the task failed or while the next attempt runs.
    task.controller.abort();
    const level = delay === null ? 'error' : 'warn';
    logger[level]({ ...log, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'task attempt failed');
    return failOrRetry(deps, task, log, message, delay);
  }
  const duration_ms = Math.round(performance.now() - startedAt);
  const json = asJson(result);
  if ('problem' in json) {
    const message = `${UNSTORABLE_RESULT}: ${json.problem}`;
    logger.error({ ...log, err: json.problem }, 'task result cannot be stored');
    return finish(deps, task, log, 'failed', (c) => store.failTask(task.taskId, message, c, task.fence));
  }
  return finish(deps, task, { ...log, duration_ms }, 'completed', (c) =>
    deps.completions.complete({ taskId: task.taskId, result: json.value, update: c, fence: task.fence, known: task.row }),
  );
}

/** Fails the task with `message`, or, with a delay, reschedules it as its next attempt. */
function failOrRetry(deps: RunDeps, task: ActiveTask, log: Record<string, unknown>, message: string, delay: number | null) {
  if (delay === null) return finish(deps, task, log, 'failed', (c) => deps.store.failTask(task.taskId, message, c, task.fence));
  return finish(deps, task, { ...log, retry_in_ms: delay }, 'retry scheduled', (c) =>
    deps.store.retryLater(task.taskId, message, c, task.fence, delay).then((row) => {
      if (row.status === 'pending') deps.onRetryScheduled(row);
      return row;
    }),
  );
}

/**
 * A handler's result as the JSON value the store keeps (what subscribers see now is what a later read
 * returns): undefined, functions and non-finite numbers become null as in JSON; a value JSON cannot hold (a
 * BigInt, a cycle) is a problem.
 */
function asJson(result: unknown): { value: Json } | { problem: string } {
  if (result === undefined || result === null) return { value: null };
  if (typeof result === 'string' || typeof result === 'boolean') return { value: result };
  if (typeof result === 'number') return { value: Number.isFinite(result) ? result : null };
  try {
    const text = JSON.stringify(result) as string | undefined;
    return { value: text === undefined ? null : (JSON.parse(text) as Json) };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

/** The status a final write leaves the task in. */
const OUTCOME_STATUS: Record<string, string> = {
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  'handed back': 'pending',
  'retry scheduled': 'pending',
};

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
    .finish(task, (c) =>
      write(c)
        .catch((err: unknown) => (isDataError(err) ? failForData(deps, task, log, outcome, err) : Promise.reject(err)))
        .catch((err: unknown) => retryTransient(deps, log, outcome, err, () => write(c))),
    )
    .then(
      (row) => {
        if (outcome !== 'failed' && row.status !== 'failed') deps.logger.info(log, `task ${outcome}`);
        if (deps.observer) observeEnd(deps.observer, row, outcome, task.startedMs);
        return row;
      },
      (err: unknown) => refused(deps, task, log, outcome, err),
    );
}

/** How long a task that just started waited since it was due (created, or its run_at), ms; 0 when it cannot tell. */
export function waitedMs(row: TaskRow): number {
  if (row.started_at === null) return 0;
  const waited = isoDiffMs(row.started_at, row.run_at);
  return waited > 0 ? waited : 0;
}

/** Reports how a final write left the task: a retry scheduled is `retried`; a hand-back is not an end. */
function observeEnd(observer: TaskObserver, row: TaskRow, outcome: string, startedMs: number): void {
  const status = row.status;
  if (status === 'completed' || status === 'failed' || status === 'cancelled') {
    observer.taskEnded(row.task_type, status, performance.now() - startedMs);
  } else if (status === 'pending' && outcome === 'retry scheduled') {
    observer.taskEnded(row.task_type, 'retried', performance.now() - startedMs);
  }
}

/**
 * The database refused the final write's values themselves (a result or message with a \u0000 on PostgreSQL,
 * a fractional count): writing them again cannot help, and the task must not stay running as if its work
 * were lost. It fails with the reason, keeping the counters already stored.
 */
function failForData(deps: RunDeps, task: ActiveTask, log: Record<string, unknown>, outcome: string, err: unknown): Promise<TaskRow> {
  deps.logger.error({ ...log, err: String(err) }, `task cannot be recorded as ${outcome}`);
  const what = outcome === 'completed' ? UNSTORABLE_RESULT : UNSTORABLE_END;
  const message = `${what}: ${databaseMessage(err)}`.replaceAll('\u0000', '');
  return deps.store.failTask(task.taskId, message, {}, task.fence);
}

/**
 * The final transition was refused: the lease was lost (another attempt owns the task) or the task was ended
 * elsewhere (e.g. failed by the reaper) — or by this very write, when its answer was lost with the connection
 * and a retry found it done. The store holds the truth; report it. (Or the database stayed unreachable
 * through every retry: the lease reaper ends the task later.)
 */
async function refused(
  deps: RunDeps,
  task: ActiveTask,
  log: Record<string, unknown>,
  outcome: string,
  err: unknown,
): Promise<TaskRow | null> {
  const current = await deps.store.getTask(task.taskId).catch(() => null);
  if (current && current.status === OUTCOME_STATUS[outcome] && !(err instanceof LeaseLostError)) {
    deps.logger.info({ ...log, note: 'recorded by a write whose answer was lost' }, `task ${outcome}`);
  } else {
    const level = err instanceof LeaseLostError ? 'warn' : 'error';
    deps.logger[level]({ ...log, err: String(err) }, `could not record task as ${outcome}`);
  }
  if (current) deps.events.publish(current);
  // Pending after all (a retry recorded by a write whose answer was lost): its next attempt needs the timer.
  if (current?.status === 'pending') deps.onRetryScheduled(current);
  return current;
}

/**
 * After a final write failed with `firstError`: runs it again after a short pause while it fails for a
 * transient reason (a dropped connection, a busy database), for the handler's outcome would otherwise be
 * lost and the task left running until its lease expires. Our named errors are refusals — the store holds
 * the truth — and data errors cannot succeed later: neither is retried.
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
    if (err instanceof TaskcastError || isDataError(err) || deps.stopping.aborted || Date.now() + delay > giveUpAt) throw err;
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
