import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp, type FeatureRoutes, type SocketOptions } from '../../src/api/index.js';
import { hashPassword, TokenService } from '../../src/auth/index.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { Feature } from '../../src/api/index.js';
import type { ServerFeatureDeps } from '../../src/server/index.js';
import type { TaskEngine } from '../../src/engine/index.js';
import type { Storage } from '../../src/store/index.js';
import { createTaskcast, taskcastPlugin, type EngineSettings, type LoginOptions, type RateLimitOptions } from '../../src/taskcast/index.js';
import type { UserRole, UserRow } from '../../src/auth/index.js';
import { UNLIMITED_LOGIN } from './loginLimits.js';
import { UNLIMITED_RATE, UNLIMITED_SOCKETS } from './rateLimits.js';
import { openTestSqlite } from './sqlite.js';

/** A user of the test server with a valid token. */
export interface TestUser {
  user: UserRow;
  token: string;
  password: string;
}

/** A real server on a loopback port, with one user per role (and a second plain user). */
export interface TestServer {
  app: FastifyInstance;
  engine: TaskEngine;
  storage: Storage;
  tokens: TokenService;
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  admin: TestUser;
  manager: TestUser;
  user: TestUser;
  user2: TestUser;
  close(): Promise<void>;
}

let cachedHash: Promise<string> | undefined;

/** The JWT secret of every test server (tests issue tokens with it). */
const TEST_JWT_SECRET = 'x'.repeat(48);

/**
 * Starts the API on a temporary SQLite database (or the given storage) and listens on port 0: a Taskcast
 * (createTaskcast) mounted by taskcastPlugin on the standalone app, as the server does.
 */
export async function startTestServer(
  options: {
    storage?: Storage;
    engine?: EngineSettings;
    setup?: (engine: TaskEngine) => void;
    /** Routes mounted inside the task API (its authentication applies), as a feature's. */
    plugins?: FeatureRoutes[];
    /** The app's logger (e.g. one writing into memory, to inspect what gets logged); default none. */
    logger?: FastifyBaseLogger;
    /** Server features to set up (e.g. the 1C sync), with the configuration they read. */
    features?: Feature<ServerFeatureDeps>[];
    config?: Config;
    /** More of what the features are given besides `config` (e.g. the notifier's settings). */
    featureDeps?: Partial<Omit<ServerFeatureDeps, 'config' | 'engine' | 'logger' | 'storage'>>;
    /** WebSocket limits (the API's defaults otherwise, but for the per-user and per-address ones: UNLIMITED_SOCKETS). */
    sockets?: SocketOptions;
    /** The HTTP rate limit (false: none); default so large it never binds (UNLIMITED_RATE). */
    rateLimit?: RateLimitOptions | false;
    /** Log-in limits; default so large they never bind (tests log in many times). */
    login?: LoginOptions;
    /** The trusted reverse proxies (TASKCAST_TRUST_PROXY), for the app's `request.ip` and the sockets alike; default none. */
    trustProxy?: string[];
  } = {},
): Promise<TestServer> {
  const owned = options.storage ? null : await openTestSqlite();
  const storage = options.storage ?? owned!;
  const taskcast = createTaskcast({
    storage,
    migrate: false,
    auth: { jwtSecret: TEST_JWT_SECRET, tokenTtlSeconds: 3600, login: options.login ?? UNLIMITED_LOGIN },
    sockets: { ...UNLIMITED_SOCKETS, ...options.sockets },
    rateLimit: options.rateLimit ?? UNLIMITED_RATE,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    concurrency: 4,
    progressIntervalMs: 20,
    heartbeatMs: 200,
    shutdownGraceMs: 1000,
    ...options.engine,
  });
  const engine = taskcast.engine;
  options.setup?.(engine);
  for (const feature of options.features ?? []) taskcast.use(feature, { config: options.config ?? loadConfig({}), ...options.featureDeps });
  const plugins = options.plugins ?? [];
  if (plugins.length > 0) {
    taskcast.use({
      name: 'test-routes',
      setup: () => ({
        async routes(app, ctx) {
          for (const plugin of plugins) await plugin(app, ctx);
        },
      }),
    });
  }
  const tokens = new TokenService(TEST_JWT_SECRET, 3600);
  const password = 'correct horse battery';
  cachedHash ??= hashPassword(password);
  const hash = await cachedHash;
  const make = async (username: string, role: UserRole): Promise<TestUser> => {
    const user = await storage.users.insertUser({ username, role, password_hash: hash });
    return { user, password, token: await tokens.issue({ id: user.id, username, role }) };
  };
  const admin = await make('admin', 'admin');
  const manager = await make('manager', 'manager');
  const user = await make('user', 'user');
  const user2 = await make('user2', 'user');
  const app = await buildApp({
    storage,
    logger: options.logger,
    trustProxy: options.trustProxy,
    plugins: [(app) => app.register(taskcastPlugin, { taskcast })],
  });
  await taskcast.start();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    engine,
    storage,
    tokens,
    url: address,
    wsUrl: address.replace('http://', 'ws://'),
    admin,
    manager,
    user,
    user2,
    async close() {
      await app.close();
      await taskcast.close();
      if (owned) await owned.drop();
    },
  };
}
