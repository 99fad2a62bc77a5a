import { databaseBusNamespace } from '../bus/index.js';
import type { Config } from '../config/index.js';
import { RedisLoginAttempts } from '../store/index.js';
import type { LoginOptions } from '../taskcast/index.js';

/** The serve node's log-in limits, and how to close what they opened. */
export interface ServerLogin {
  login: LoginOptions;
  close(): Promise<void>;
}

/**
 * The log-in limits from the configuration (TASKCAST_LOGIN_*). The failures are counted in Redis when REDIS_URL is
 * set next to PostgreSQL (under the installation's namespace, as the bus is), else in the database, which every
 * node shares either way.
 */
export async function serverLogin(config: Config): Promise<ServerLogin> {
  const store =
    config.REDIS_URL && config.DATABASE_URL
      ? new RedisLoginAttempts(config.REDIS_URL, await databaseBusNamespace(config.DATABASE_URL))
      : undefined;
  return {
    login: {
      maxFailures: config.TASKCAST_LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: config.TASKCAST_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: config.TASKCAST_LOGIN_WINDOW_MS,
      lockBaseMs: config.TASKCAST_LOGIN_LOCK_BASE_MS,
      lockMaxMs: config.TASKCAST_LOGIN_LOCK_MAX_MS,
      store,
    },
    close: async () => store?.close(),
  };
}
