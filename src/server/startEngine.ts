import type { Logger as PinoLogger } from 'pino';
import { databaseBusNamespace, PostgresBus, RedisBus } from '../bus/index.js';
import type { Config } from '../config/index.js';
import { TaskEngine, type TaskBus } from '../engine/index.js';
import { openStorage, type Storage } from '../store/index.js';
import type { EnabledFeature, Feature } from './features.js';

/** Storage, engine and features of one process (a serve node or a worker). */
export interface EngineNode {
  storage: Storage;
  engine: TaskEngine;
  features: EnabledFeature[];
  /** Stops the engine gracefully (running tasks get the grace period, then are handed back), then the rest. */
  close(): Promise<void>;
}

/**
 * The bus between nodes: only with a shared PostgreSQL (one SQLite file has one node); Redis pub/sub when
 * REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY. NOTIFY stays within its database; a Redis may be shared by
 * several installations, so there the channel is named after the database (see databaseBusNamespace).
 */
async function createBus(config: Config, logger: PinoLogger): Promise<TaskBus | undefined> {
  if (!config.DATABASE_URL) return undefined;
  const onError = (err: unknown) => logger.warn({ err: String(err) }, 'task bus error');
  if (config.REDIS_URL) return new RedisBus(config.REDIS_URL, await databaseBusNamespace(config.DATABASE_URL), onError);
  return new PostgresBus(config.DATABASE_URL, 'public', onError, config.TASKCAST_DB_CONNECT_TIMEOUT_MS);
}

/** Opens the storage, creates the engine with its bus, sets up the features' task types; does not start it. */
export async function createEngineNode(config: Config, logger: PinoLogger, features: Feature[], runTasks: boolean): Promise<EngineNode> {
  const storage = await openStorage({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.TASKCAST_DATA_DIR,
    sqliteBusyTimeoutMs: config.TASKCAST_SQLITE_BUSY_TIMEOUT_MS,
    sqliteLockWaitMs: config.TASKCAST_SQLITE_LOCK_WAIT_MS,
    connectTimeoutMs: config.TASKCAST_DB_CONNECT_TIMEOUT_MS,
    idleInTransactionMs: config.TASKCAST_PG_IDLE_IN_TRANSACTION_MS,
  });
  const engine = new TaskEngine({
    storage,
    logger,
    concurrency: config.TASKCAST_CONCURRENCY,
    progressIntervalMs: config.TASKCAST_PROGRESS_INTERVAL_MS,
    leaseMs: config.TASKCAST_LEASE_MS,
    heartbeatMs: config.TASKCAST_HEARTBEAT_MS,
    runTasks,
    bus: await createBus(config, logger),
    retentionHours: config.TASKCAST_TASK_RETENTION_HOURS,
    databaseRetryMs: config.TASKCAST_DB_RETRY_MS,
  });
  const enabled = await Promise.all(features.map((f) => f.setup({ config, engine, storage, logger })));
  let closing: Promise<void> | null = null;
  return {
    storage,
    engine,
    features: enabled,
    close() {
      closing ??= (async () => {
        await engine.stop(config.TASKCAST_SHUTDOWN_GRACE_MS);
        for (const f of enabled) await f.close?.();
        await storage.close();
      })();
      return closing;
    },
  };
}
