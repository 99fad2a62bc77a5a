import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyBaseLogger } from 'fastify';
import { isTransientDatabaseError } from '../engine/index.js';
import { answerClientError } from './clientErrors.js';
import type { ApiStorage } from './context.js';
import { drainUnreadBodies, type DiscardLimits } from './drainUnreadBody.js';
import { answerError, FASTIFY_MESSAGES } from './errorHandler.js';
import { ValidationError } from './errors.js';
import { redactUrl } from './redactUrl.js';
import { fastifyTrustProxy, type TrustedProxies } from './clientAddress.js';

/** Options of {@link buildApp}. */
export interface AppOptions {
  /** The database, for /healthz. */
  storage: ApiStorage;
  /** The process's pino logger (see src/server/createLogger.ts); none: no request logs. */
  logger?: FastifyBaseLogger;
  /** How much of a body the server will not use it reads and discards before answering (see drainUnreadBody.ts). */
  discardLimits?: DiscardLimits;
  /**
   * What the app serves, registered in order after its parsers, hooks and handlers: the server registers
   * the taskcast plugin here (the task API, the 1C sync, the web app).
   */
  plugins?: ((app: FastifyInstance) => unknown)[];
  /** The reverse proxies whose X-Forwarded-For gives `request.ip` (Fastify's `trustProxy`); default none. */
  trustProxy?: TrustedProxies;
}

/**
 * The standalone HTTP app, without listening: tests use `app.inject()` and real sockets alike. Every error is
 * answered as `{"detail": "..."}` — ours, Fastify's own (bad JSON, wrong content type, too large, bad
 * URL) and unknown routes — and nothing a client sends produces a 500. `/healthz` answers whether the database
 * does; everything else comes from `plugins`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? []),
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

  app.setErrorHandler(answerError);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ detail: `Not found: ${request.method} ${redactUrl(request.url.split('?')[0]!)}` }),
  );
  drainUnreadBodies(app, options.discardLimits);

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

  for (const plugin of options.plugins ?? []) await plugin(app);
  return app;
}
