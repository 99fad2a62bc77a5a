import type { TaskHandler } from '../engine/index.js';
import { withODataRetryHook, type ODataRequestRetry } from '../onec/index.js';

/** A pause as the log says it: «0,5 с». */
function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} с`;
}

/** The task-log line of one retry of a request to 1C, in Russian. */
export function retryLine(retry: ODataRequestRetry): string {
  return (
    `Повтор запроса к 1С (${retry.entity}): попытка ${retry.attempt} из ${retry.maxAttempts} не удалась — ` +
    `${retry.error.message}; следующая через ${seconds(retry.delayMs)}`
  );
}

/**
 * `handler` with every retry of its requests to 1C in the task's log (`warn`, with the error's code): the client
 * retries a failed request itself (ONEC_MAX_ATTEMPTS), and without this only the server log told of it.
 */
export function loggedRetries<P>(handler: TaskHandler<P>): TaskHandler<P> {
  return (ctx) =>
    withODataRetryHook(
      (retry) =>
        ctx.log('warn', retryLine(retry), {
          entity: retry.entity,
          attempt: retry.attempt,
          max_attempts: retry.maxAttempts,
          delay_ms: retry.delayMs,
          code: retry.error.code,
        }),
      () => handler(ctx),
    );
}
