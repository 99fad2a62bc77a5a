import type { ActiveTasks } from './ActiveTasks.js';
import type { CompletionBatcher } from './CompletionBatcher.js';
import { LeaseLostError, TaskCancelledError } from './errors.js';
import type { Logger } from './logger.js';
import { createTaskContext, type TaskHandler } from './TaskContext.js';
import type { TaskEvents } from './TaskEvents.js';
import type { Json, TaskRow } from './types.js';
import type { TaskStore } from '../store/types.js';

/** What {@link runTask} needs from the engine. */
export interface RunDeps {
  store: TaskStore;
  completions: CompletionBatcher;
  active: ActiveTasks;
  events: TaskEvents;
  logger: Logger;
}

/** Message a user sees when a handler throws something that is not an Error. */
const UNKNOWN_FAILURE = 'Задача завершилась с ошибкой';

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
      return finish(deps, task.taskId, log, 'failed', () => active.finish(task, (c) => store.failTask(task.taskId, message, c, task.fence)));
    }
    if (task.handBack) {
      return finish(deps, task.taskId, log, 'handed back', () =>
        active.finish(task, (c) => store.handBackTask(task.taskId, c, task.fence)),
      );
    }
    const cancelled = task.controller.aborted || err instanceof TaskCancelledError;
    if (cancelled) {
      return finish(deps, task.taskId, log, 'cancelled', () =>
        active.finish(task, (c) => store.markCancelled(task.taskId, c, task.fence)),
      );
    }
    const message = err instanceof Error ? err.message || err.name : UNKNOWN_FAILURE;
    logger.error({ ...log, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'task failed');
    return finish(deps, task.taskId, log, 'failed', () => active.finish(task, (c) => store.failTask(task.taskId, message, c, task.fence)));
  }
  const duration_ms = Math.round(performance.now() - startedAt);
  return finish(deps, task.taskId, { ...log, duration_ms }, 'completed', () =>
    active.finish(task, (c) => deps.completions.complete({ taskId: task.taskId, result: result ?? null, update: c, fence: task.fence, known: task.row })),
  );
}

async function finish(
  deps: RunDeps,
  taskId: string,
  log: Record<string, unknown>,
  outcome: string,
  write: () => Promise<TaskRow>,
): Promise<TaskRow | null> {
  try {
    const row = await write();
    if (outcome !== 'failed') deps.logger.info(log, `task ${outcome}`);
    return row;
  } catch (err) {
    // The final transition was refused: the lease was lost (another attempt owns the task) or the task
    // was ended elsewhere (e.g. failed by the reaper). The store already holds the truth; report it.
    const level = err instanceof LeaseLostError ? 'warn' : 'error';
    deps.logger[level]({ ...log, err: String(err) }, `could not record task as ${outcome}`);
    const current = await deps.store.getTask(taskId).catch(() => null);
    if (current) deps.events.publish(current);
    return current;
  }
}
