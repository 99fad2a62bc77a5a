/**
 * The task API on a Fastify instance: the task routes, the task sockets, the routes of the features and, with
 * Taskcast's own accounts, log-in and users. Mounted inside an encapsulated context (a Fastify plugin), so
 * its authentication hook and error handler cover its own routes and nothing else of the application
 * around it. The standalone server (buildApp) and embedding applications (the taskcast plugin) mount it alike.
 *
 * It fails closed: every route of that context asks who is calling, whatever its path, unless it says
 * `config: { public: true }` (log-in, the web app's files). A route is never public by where it is mounted.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../engine/index.js';
import { accountCallers, identify, type ResolveCaller } from './callers.js';
import type { Accounts, ApiContext } from './context.js';
import { answerError } from './errorHandler.js';
import type { FeatureRoutes } from './feature.js';
import { checkOrigin, type AllowedOrigins } from './origins.js';
import { loginRoute, meRoute, profileRoutes } from './routes/authRoutes.js';
import { taskRoutes } from './routes/taskRoutes.js';
import { userRoutes } from './routes/userRoutes.js';
import { apiRateLimit, type ApiRateSettings } from './rateLimit/apiRateLimit.js';
import { MemoryRateBuckets } from './rateLimit/MemoryRateBuckets.js';
import { API_RATE_DEFAULTS } from './rateLimit/rateLimitDefaults.js';
import { attachTaskSockets, type SocketOptions } from './ws/taskSockets.js';
import { clientAddressOf, type TrustedProxies } from './clientAddress.js';
import type { UserMessages } from './ws/UserMessages.js';
import type { SocketObserver } from './ws/socketObserver.js';

/** What {@link mountTaskApi} mounts. */
export interface TaskApiOptions extends ApiContext {
  /** Taskcast's own accounts: mounts log-in and `/api/v1/users`, and identifies callers by their tokens. */
  accounts?: Accounts;
  /** Who is asking; default (with `accounts`): Taskcast's tokens. One of the two is required. */
  resolveCaller?: ResolveCaller;
  sockets?: SocketOptions;
  /**
   * The reverse proxies whose X-Forwarded-For gives a socket upgrade's client address: the same as the app's Fastify
   * `trustProxy` (its `request.ip` decides the HTTP limits' addresses). Default none (the TCP peer's address).
   */
  trustProxy?: TrustedProxies;
  /**
   * Each caller's HTTP rate limit (per user, or per address without a caller), whose buckets the sockets' upgrade
   * limit shares. Default: API_RATE_DEFAULTS in this process's memory. `false`: no HTTP limit (the application has
   * its own); the upgrade limit's buckets are then in memory.
   */
  rateLimit?: ApiRateSettings | false;
  /** The routes of the features, mounted after Taskcast's own. */
  routes?: readonly FeatureRoutes[];
  /**
   * Origins whose pages may send changing requests (POST, PUT, PATCH, DELETE) and open sockets; a request that
   * names another in `Origin` gets 403 (see origins.ts). Default: none checked.
   */
  allowedOrigins?: AllowedOrigins;
  /** Where the sockets log (a slow or flooding client, a failed upgrade). Default: `app.log`. */
  logger?: Logger;
  /** Told of each socket opened, message sent and close (the metrics). Default: none. */
  socketObserver?: SocketObserver;
  /** Messages for one user's all-tasks sockets (the bell); features publish on it. Default: none. */
  userMessages?: UserMessages;
}

/**
 * Mounts the task API on `app` (meant to be an encapsulated context: its prefix applies to routes and sockets
 * alike). Every route of `app` — Taskcast's, the features', whatever its path — asks who is calling before
 * anything else, unless it is marked `config: { public: true }`. Returns the sockets' `close` (also called when
 * `app` closes).
 */
export async function mountTaskApi(app: FastifyInstance, options: TaskApiOptions): Promise<{ close(): void }> {
  const resolveCaller = options.resolveCaller ?? (options.accounts ? accountCallers(options.accounts) : undefined);
  if (!resolveCaller) throw new TypeError('mountTaskApi: give accounts or resolveCaller');
  const ctx: ApiContext = { engine: options.engine };
  const { allowedOrigins } = options;
  const logger = options.logger ?? (app.log as unknown as Logger);
  const rateLimit = options.rateLimit ?? { ...API_RATE_DEFAULTS, buckets: new MemoryRateBuckets() };
  const { checkRate, buckets } =
    rateLimit === false ? { checkRate: async () => {}, buckets: new MemoryRateBuckets() } : await apiRateLimit(app, rateLimit, logger);

  app.setErrorHandler(answerError);
  // Decided on the matched route, not on its path: a route is identified unless it opts out, so a prefix
  // written `/jobs/`, a parametric one or a feature route outside `/api/` cannot leave one open. No route
  // matched: the 404 handler answers, and tells nothing.
  // Each caller's rate limit is counted once it is known (a request without one counts against its address),
  // except on routes that opt out with `config: { rateLimit: false }` (the web app's files).
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.url) return;
    checkOrigin(allowedOrigins, request.method, request.headers.origin);
    const limited = request.routeOptions.config.rateLimit !== false;
    if (request.routeOptions.config.public !== true) {
      try {
        request.caller = await identify(resolveCaller, { kind: 'http', raw: request.raw });
      } catch (err) {
        if (limited) await checkRate(request, reply);
        throw err;
      }
    }
    if (limited) await checkRate(request, reply);
  });

  meRoute(app, options.accounts);
  if (options.accounts) {
    loginRoute(app, options.accounts);
    profileRoutes(app, options.accounts);
    userRoutes(app, options.accounts);
  }
  taskRoutes(app, ctx);
  for (const routes of options.routes ?? []) await routes(app, ctx);

  const { socketObserver: observer, userMessages } = options;
  const clientAddress = clientAddressOf(options.trustProxy ?? []);
  const socketContext = { ...ctx, resolveCaller, prefix: app.prefix, allowedOrigins, buckets, observer, userMessages, clientAddress };
  const sockets = attachTaskSockets(app.server, socketContext, logger, options.sockets);
  app.addHook('preClose', async () => sockets.close());
  return sockets;
}
