import type { Logger as PinoLogger } from 'pino';
import { databaseBusNamespace, PostgresBus, RedisBus } from '../bus/index.js';
import type { Config } from '../config/index.js';
import type { TaskBus, TaskEngine } from '../engine/index.js';
import type { Feature } from '../api/index.js';
import type { TokenBucket } from '../onec/index.js';
import type { MonitoringSettings, TaskMinuteStore } from '../monitoring/index.js';
import type { NotifierSettings } from '../notifications/index.js';
import type { SchedulerSettings } from '../scheduler/index.js';
import { openStorage, openTaskMinuteStore, RedisRequestBuckets, type Storage } from '../store/index.js';
import { createTaskcast, type RateLimitOptions, type Taskcast, type TaskcastAuth, type TaskcastDeps } from '../taskcast/index.js';

/** Storage, engine and features of one process (a serve node or a worker). */
export interface EngineNode {
  storage: Storage;
  /** The node's Taskcast: its features are set up (ready), the engine is not started. */
  taskcast: Taskcast<Storage>;
  engine: TaskEngine;
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

/** What this server hands every feature: the features of this repository take their parts from it. */
export interface ServerFeatureDeps extends TaskcastDeps<Storage> {
  config: Config;
  requestBuckets?: TokenBucket;
  scheduler?: Partial<SchedulerSettings>;
  /** The per-minute task figures (issue 14) and the roll-up's settings. */
  taskMinutes?: TaskMinuteStore;
  monitoring?: Partial<MonitoringSettings>;
  /** The notifier's settings (issue 15). */
  notifications?: Partial<NotifierSettings>;
}

/** The scheduler's settings from the configuration. */
function schedulerSettings(config: Config): SchedulerSettings {
  return {
    enabled: config.TASKCAST_SCHEDULER,
    graceMs: config.TASKCAST_SCHEDULE_GRACE_MS,
    backstopMs: config.TASKCAST_SCHEDULER_BACKSTOP_MS,
    minPeriodMs: config.TASKCAST_SCHEDULE_MIN_PERIOD_MS,
    maxMissedCap: config.TASKCAST_SCHEDULE_MISSED_CAP_MAX,
  };
}

/** The notifier's settings from the configuration. */
function notifierSettings(config: Config): NotifierSettings {
  return {
    enabled: config.TASKCAST_NOTIFIER,
    smtpUrl: config.SMTP_URL ?? '',
    mailFrom: config.MAIL_FROM,
    publicUrl: (config.TASKCAST_PUBLIC_URL ?? '').replace(/\/+$/, ''),
    floodWindowMs: config.TASKCAST_NOTIFY_FLOOD_WINDOW_MS,
    retryBaseMs: config.TASKCAST_NOTIFY_RETRY_BASE_MS,
    retryMaxMs: config.TASKCAST_NOTIFY_RETRY_MAX_MS,
    giveUpMs: config.TASKCAST_NOTIFY_GIVE_UP_MS,
    leaseMs: config.TASKCAST_NOTIFY_LEASE_MS,
    backstopMs: config.TASKCAST_NOTIFY_BACKSTOP_MS,
    sendTimeoutMs: config.TASKCAST_NOTIFY_SEND_TIMEOUT_MS,
    stuckScanMs: config.TASKCAST_NOTIFY_STUCK_SCAN_MS,
    digestQuotes: config.TASKCAST_NOTIFY_DIGEST_QUOTES,
    retentionMs: config.TASKCAST_NOTIFY_RETENTION_DAYS * 86_400_000,
  };
}

/**
 * A worker's: it serves nothing, so nobody is a caller and no browser origin is allowed (and it needs no JWT
 * secret, which it could not share with the serve nodes if one were made up for it).
 */
const NO_CALLERS: TaskcastAuth = { resolveCaller: () => null, allowedOrigins: [] };

/**
 * Opens the storage and builds the node's Taskcast (createTaskcast, the public entry) with its bus, uses each
 * feature on it and sets them up (ready); does not start it. `auth`: how the serve node identifies callers
 * (a worker serves nothing and leaves it out).
 */
export async function createEngineNode(
  config: Config,
  logger: PinoLogger,
  features: Feature<ServerFeatureDeps>[],
  runTasks: boolean,
  auth?: TaskcastAuth,
  rateLimit?: RateLimitOptions,
): Promise<EngineNode> {
  const storage = await openStorage({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.TASKCAST_DATA_DIR,
    sqliteBusyTimeoutMs: config.TASKCAST_SQLITE_BUSY_TIMEOUT_MS,
    sqliteLockWaitMs: config.TASKCAST_SQLITE_LOCK_WAIT_MS,
    sqliteCheckpointIntervalMs: config.TASKCAST_SQLITE_CHECKPOINT_MS,
    onSqliteCheckpointError: (err) => logger.warn({ err: String(err) }, 'SQLite background checkpoint error'),
    connectTimeoutMs: config.TASKCAST_DB_CONNECT_TIMEOUT_MS,
    idleInTransactionMs: config.TASKCAST_PG_IDLE_IN_TRANSACTION_MS,
  });
  const taskcast = createTaskcast({
    storage,
    logger,
    // openStorage has migrated it.
    migrate: false,
    auth: auth ?? NO_CALLERS,
    concurrency: config.TASKCAST_CONCURRENCY,
    progressIntervalMs: config.TASKCAST_PROGRESS_INTERVAL_MS,
    leaseMs: config.TASKCAST_LEASE_MS,
    heartbeatMs: config.TASKCAST_HEARTBEAT_MS,
    runTasks,
    bus: await createBus(config, logger),
    retentionHours: config.TASKCAST_TASK_RETENTION_HOURS,
    databaseRetryMs: config.TASKCAST_DB_RETRY_MS,
    priorityAgingMs: config.TASKCAST_PRIORITY_AGING_MS,
    idempotencyWindowMs: config.TASKCAST_IDEMPOTENCY_WINDOW_MS,
    bulkRetryPerSecond: config.TASKCAST_BULK_RETRY_PER_SECOND,
    bulkRetryLimit: config.TASKCAST_BULK_RETRY_LIMIT,
    taskLogLines: config.TASKCAST_TASK_LOG_LINES,
    taskLogFlushMs: config.TASKCAST_TASK_LOG_FLUSH_MS,
    shutdownGraceMs: config.TASKCAST_SHUTDOWN_GRACE_MS,
    metrics: config.TASKCAST_METRICS_TOKEN
      ? { token: config.TASKCAST_METRICS_TOKEN, gaugeIntervalMs: config.TASKCAST_METRICS_GAUGE_INTERVAL_MS }
      : undefined,
    sockets: {
      maxMessageBytes: config.TASKCAST_WS_MAX_MESSAGE_BYTES,
      maxBufferedBytes: config.TASKCAST_WS_MAX_BUFFERED_BYTES,
      messagesPerSecond: config.TASKCAST_WS_MESSAGES_PER_S,
      maxPerUser: config.TASKCAST_WS_MAX_PER_USER,
      upgradesPerMinute: config.TASKCAST_WS_UPGRADES_PER_MIN,
    },
    rateLimit,
    trustProxy: config.TASKCAST_TRUST_PROXY,
  });
  // The pace of requests to each 1C base, shared by every node: in Redis when there is one (no database write per
  // request), else in the database (the sync falls back on storage.requestBuckets).
  const redisBuckets = config.ONEC_MAX_RPS > 0 && config.REDIS_URL ? new RedisRequestBuckets(config.REDIS_URL) : undefined;
  const taskMinutes = openTaskMinuteStore(storage, config.TASKCAST_SQLITE_LOCK_WAIT_MS);
  const monitoring = { retentionDays: config.TASKCAST_METRICS_RETENTION_DAYS, intervalMs: config.TASKCAST_METRICS_ROLLUP_MS };
  const scheduler = schedulerSettings(config);
  const notifications = notifierSettings(config);
  for (const feature of features) {
    taskcast.use(feature, { config, requestBuckets: redisBuckets, scheduler, taskMinutes, monitoring, notifications });
  }
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await taskcast.close();
      await redisBuckets?.close();
      await storage.close();
    })();
    return closing;
  };
  try {
    await taskcast.ready();
  } catch (err) {
    await close();
    throw err;
  }
  return { storage, taskcast, engine: taskcast.engine, close };
}
