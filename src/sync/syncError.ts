import {
  isDataError,
  isTransientDatabaseError,
  NonRetryableError,
  RetryAfterError,
  TaskcastError,
  type TaskContext,
  type TaskHandler,
} from '../engine/index.js';
import { ODataArgumentError, OneCError } from '../onec/index.js';

/** An error that ends a sync attempt, worded for the person who started it; the next attempt may succeed. */
export class SyncFailedError extends Error {
  readonly code = 'SYNC_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SyncFailedError';
  }
}

/**
 * Rewords a failure of a sync so the task's error says what failed and where, and decides whether the task is tried
 * again (its retry policy: syncRetryPolicy):
 * - a 1C error that asking again cannot fix (`retryable` false: access rights, a wrong password, an unknown set or
 *   field, a refused query, a record that cannot be parsed, a bad period) → NonRetryableError: the task fails now;
 * - a 1C error that may pass, when 1C said when to come back (429/503 with Retry-After) → RetryAfterError: the next
 *   attempt starts exactly then;
 * - any other 1C error that may pass (no answer in time, connection refused, 5xx), and the database unreachable or
 *   locked longer than TASKCAST_DB_RETRY_MS → SyncFailedError: retried after the backoff;
 * - the database refusing the values themselves → NonRetryableError.
 * The engine's own errors (a cancellation, a lost lease) and anything else pass as they are (retried).
 */
export function syncFailure(err: unknown): unknown {
  if (err instanceof TaskcastError) return err;
  if (err instanceof ODataArgumentError) return new NonRetryableError(`Неверные параметры синхронизации: ${err.message}`, { cause: err });
  if (err instanceof OneCError) {
    const message = `Не удалось получить данные из 1С: ${err.message}`;
    if (!err.retryable) return new NonRetryableError(message, { cause: err });
    if (err.retryAt !== undefined) return new RetryAfterError(Math.max(0, err.retryAt - Date.now()), message, { cause: err });
    return new SyncFailedError(message, { cause: err });
  }
  // The database stayed unreachable or locked longer than TASKCAST_DB_RETRY_MS: said in words, not as the
  // driver's English ("database is locked", "Connection terminated unexpectedly").
  if (isTransientDatabaseError(err)) {
    return new SyncFailedError(
      'База данных Taskcast недоступна или занята другим процессом; загруженные пакеты сохранены, повтор продолжит с места остановки',
      { cause: err },
    );
  }
  if (isDataError(err))
    return new NonRetryableError(`База данных Taskcast отказалась сохранить данные из 1С: ${String(err)}`, { cause: err });
  return err;
}

/**
 * A sync handler whose failures pass through {@link syncFailure} — all of them, from the first request to 1C on.
 * A run stopped by a cancellation, a timeout or a hand-back keeps its error: the engine decides those.
 */
export function withSyncErrors<P>(handler: TaskHandler<P>): TaskHandler<P> {
  return async (ctx: TaskContext<P>) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const failure = syncFailure(err);
      logFailure(ctx, err, failure);
      throw failure;
    }
  };
}

/** The task's log line of a failed attempt: the 1C error's code, and whether (and when) the task is tried again. */
function logFailure(ctx: Pick<TaskContext<unknown>, 'attempt' | 'log'>, err: unknown, failure: unknown): void {
  const next =
    failure instanceof NonRetryableError
      ? 'без повтора'
      : failure instanceof RetryAfterError
        ? `повтор через ${Math.ceil(failure.retryAfterMs / 1000)} с, как просила 1С`
        : 'повтор, если попытки не исчерпаны';
  const retry = failure instanceof RetryAfterError ? { retry_in_ms: failure.retryAfterMs } : {};
  if (err instanceof OneCError) {
    ctx.log('error', `Попытка ${ctx.attempt}: ошибка 1С ${err.code}: ${err.message}; ${next}`, {
      code: err.code,
      retryable: err.retryable,
      ...retry,
    });
  } else {
    const message = failure instanceof Error ? failure.message : String(failure);
    ctx.log('error', `Попытка ${ctx.attempt} завершилась ошибкой: ${message}; ${next}`, {
      code: err instanceof TaskcastError || err instanceof SyncFailedError ? err.code : err instanceof Error ? err.name : 'unknown',
      ...retry,
    });
  }
}
