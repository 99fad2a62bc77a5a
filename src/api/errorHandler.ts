import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LoginThrottledError } from '../auth/index.js';
import { isTransientDatabaseError, TaskcastError } from '../engine/index.js';
import { ConflictError, ERROR_STATUS, StorageUnavailableError } from './errors.js';

/** Fastify's own refusals, in words a client understands. */
export const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type: send application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_BAD_URL: 'Malformed URL (bad percent-encoding)',
  FST_ERR_ASYNC_CONSTRAINT: 'Bad request',
};

/**
 * Every error as `{"detail": "..."}` with its status: Taskcast's named errors by their code (ERROR_STATUS),
 * Fastify's 4xx (bad JSON, wrong content type, too large, schema validation) with their message, the database
 * unreachable as 503 with Retry-After, anything else as a logged 500 that tells the client nothing more.
 */
export function answerError(thrown: FastifyError | TaskcastError | Error, request: FastifyRequest, reply: FastifyReply) {
  // The database unreachable or locked for now: 503 with Retry-After, never a 500 (the request was fine).
  const error = isTransientDatabaseError(thrown) ? new StorageUnavailableError() : thrown;
  if (error instanceof StorageUnavailableError) {
    request.log.warn({ err: String(thrown) }, 'database unavailable');
    return reply.code(503).header('retry-after', String(error.retryAfterSeconds)).send({ detail: error.message });
  }
  if (error instanceof TaskcastError) {
    const status = ERROR_STATUS[error.code] ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    // A locked log-in also says when to come back in the body: the web app's log-in page shows the wait.
    const extra =
      error instanceof ConflictError ? error.extra : error instanceof LoginThrottledError ? { retry_after: error.retryAfterSeconds } : {};
    // A refusal that ends (429): when to come back.
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (status < 500 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    return reply.code(status).send({ detail: status >= 500 ? 'Internal server error' : error.message, ...extra });
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (error as FastifyError).code;
    return reply.code(status).send({ detail: FASTIFY_MESSAGES[code] ?? error.message });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ detail: 'Internal server error' });
}
