import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp, type SocketOptions } from '../../src/api/index.js';
import { hashPassword, TokenService } from '../../src/auth/index.js';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { Feature } from '../../src/api/index.js';
import type { ServerFeatureDeps } from '../../src/server/index.js';
import { TaskEngine, type EngineOptions } from '../../src/engine/index.js';
import type { Storage } from '../../src/store/index.js';
import type { UserRole, UserRow } from '../../src/auth/index.js';
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

/** Starts the API on a temporary SQLite database (or the given storage) and listens on port 0. */
export async function startTestServer(
  options: {
    storage?: Storage;
    engine?: Partial<EngineOptions>;
    setup?: (engine: TaskEngine) => void;
    plugins?: Parameters<typeof buildApp>[0]['plugins'];
    /** The app's logger (e.g. one writing into memory, to inspect what gets logged); default none. */
    logger?: FastifyBaseLogger;
    /** Server features to set up (e.g. the 1C sync), with the configuration they read. */
    features?: Feature<ServerFeatureDeps>[];
    config?: Config;
    /** WebSocket limits (the API's defaults otherwise). */
    sockets?: SocketOptions;
  } = {},
): Promise<TestServer> {
  const owned = options.storage ? null : await openTestSqlite();
  const storage = options.storage ?? owned!;
  const engine = new TaskEngine({ storage, concurrency: 4, progressIntervalMs: 20, heartbeatMs: 200, ...options.engine });
  options.setup?.(engine);
  const enabled = await Promise.all(
    (options.features ?? []).map((f) =>
      f.setup({ config: options.config ?? loadConfig({}), engine, storage, logger: pino({ level: 'silent' }) }),
    ),
  );
  const plugins = [...(options.plugins ?? []), ...enabled.flatMap((f) => (f.routes ? [f.routes] : []))];
  const tokens = new TokenService('x'.repeat(48), 3600);
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
  const app = await buildApp({ engine, storage, tokens, plugins, logger: options.logger, sockets: options.sockets });
  await engine.start();
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
      await engine.stop(1000);
      for (const f of enabled) await f.close?.();
      if (owned) await owned.drop();
    },
  };
}
