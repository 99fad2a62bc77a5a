import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyBaseLogger } from 'fastify';
import { TaskcastError } from '../engine/index.js';
import { isTransientDatabaseError, type Logger } from '../engine/index.js';
import { authenticate } from './authenticate.js';
import { answerClientError } from './clientErrors.js';
import type { ApiContext } from './context.js';
import { ConflictError, ERROR_STATUS, StorageUnavailableError, ValidationError } from './errors.js';
import { authRoutes } from './routes/authRoutes.js';
import { taskRoutes } from './routes/taskRoutes.js';
import { userRoutes } from './routes/userRoutes.js';
import { attachTaskSockets, type SocketOptions } from './ws/taskSockets.js';
import { drainUnreadBodies, type DiscardLimits } from './drainUnreadBody.js';

/** Options of {@link buildApp}. */
export interface AppOptions extends ApiContext {
  /** The process's pino logger (see src/server/createLogger.ts); none: no request logs. */
  logger?: FastifyBaseLogger;
  sockets?: SocketOptions;
  /** How much of a body the server will not use it reads and discards before answering (see drainUnreadBody.ts). */
  discardLimits?: DiscardLimits;
  /** Registers more routes (the 1C sync, the web app) on the same instance. */
  plugins?: ((app: FastifyInstance, ctx: ApiContext) => void | Promise<void>)[];
}

import { redactUrl } from './redactUrl.js';

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type: send application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_BAD_URL: 'Malformed URL (bad percent-encoding)',
  FST_ERR_ASYNC_CONSTRAINT: 'Bad request',
};

/**
 * The HTTP API, without listening: tests use `app.inject()` and real sockets alike. Every error is
 * answered as `{"detail": "..."}` — ours, Fastify's own (bad JSON, wrong content type, too large, bad
 * URL) and unknown routes — and nothing a client sends produces a 500.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // What the HTTP parser refuses (a URL or headers over 16 KiB…) is answered as {detail} too.
    clientErrorHandler: answerClientError,
    frameworkErrors(error, _req, reply) {
      const code = (error as FastifyError).code;
      void (reply as unknown as FastifyReply).code(400).send({ detail: FASTIFY_MESSAGES[code] ?? 'Bad request' });
    },
  });

  // JSON bodies; an empty body is "no body", so POSTs without payload work whatever headers they send.
  // Only JSON is accepted: anything else answers 415 instead of reaching a handler as a string.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ValidationError('body: malformed JSON'), undefined);
    }
  });

  app.setErrorHandler((thrown: FastifyError | TaskcastError | Error, request, reply) => {
    // The database unreachable or locked for now: 503 with Retry-After, never a 500 (the request was fine).
    const error = isTransientDatabaseError(thrown) ? new StorageUnavailableError() : thrown;
    if (error instanceof StorageUnavailableError) {
      request.log.warn({ err: String(thrown) }, 'database unavailable');
      return reply.code(503).header('retry-after', String(error.retryAfterSeconds)).send({ detail: error.message });
    }
    if (error instanceof TaskcastError) {
      const status = ERROR_STATUS[error.code] ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      const extra = error instanceof ConflictError ? error.extra : {};
      return reply.code(status).send({ detail: status >= 500 ? 'Internal server error' : error.message, ...extra });
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = (error as FastifyError).code;
      return reply.code(status).send({ detail: FASTIFY_MESSAGES[code] ?? error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ detail: 'Internal server error' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ detail: `Not found: ${request.method} ${redactUrl(request.url.split('?')[0]!)}` }),
  );

  // Every /api route but login needs a valid token. Decided on the matched route, not the raw URL: the
  // router decodes the path, so `/%61pi/v1/tasks` reaches the /api/v1/tasks handler yet does not start with /api/.
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    if (!route) return; // unknown route: answered 404 by the not-found handler
    if (!route.startsWith('/api/') || route === '/api/v1/auth/login') return;
    await authenticate(options, request);
  });

  // 503 while the database does not answer (load balancers take the node out), 200 again once it does.
  app.get('/healthz', async (_request, reply) => {
    try {
      await options.storage.users.countUsers();
    } catch (err) {
      if (!isTransientDatabaseError(err)) throw err;
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ status: 'unavailable', storage: options.storage.kind, detail: 'The database does not answer' });
    }
    return { status: 'ok', storage: options.storage.kind };
  });

  authRoutes(app, options);
  userRoutes(app, options);
  taskRoutes(app, options);
  drainUnreadBodies(app, options.discardLimits);
  for (const plugin of options.plugins ?? []) await plugin(app, options);

  const sockets = attachTaskSockets(app.server, options, app.log as unknown as Logger, options.sockets);
  app.addHook('preClose', async () => sockets.close());
  return app;
}
