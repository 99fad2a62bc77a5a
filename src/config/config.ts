import { z } from 'zod';
import { API_RATE_DEFAULTS, checkTrustedProxies, SOCKET_DEFAULTS } from '../api/index.js';
import { LOGIN_DEFAULTS } from '../auth/index.js';
import { METRICS_DEFAULTS } from '../metrics/index.js';
import { ENGINE_DEFAULTS } from '../engine/index.js';
import { MONITORING_DEFAULTS } from '../monitoring/index.js';
import { NOTIFIER_DEFAULTS } from '../notifications/index.js';
import { SCHEDULER_DEFAULTS } from '../scheduler/index.js';
import { TASKCAST_DEFAULTS } from '../taskcast/index.js';

/**
 * Every setting of Taskcast, read from the environment once at start-up. Each entry: variable, default,
 * unit. The README's configuration table mirrors this file.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// A blank variable (e.g. `PORT=` in an env file) counts as unset: coercion alone would read it as 0.
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(min).max(max).default(fallback),
  );
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const schema = z.object({
  /** HTTP port. */
  PORT: int(0, 65535, 8001),
  /** Interface to listen on. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Where the SQLite database, the generated JWT secret and the admin password live. */
  TASKCAST_DATA_DIR: z.string().min(1).default('./data'),
  /** postgres://… — unset: SQLite in the data directory. */
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
    'must start with postgres:// or postgresql://',
  ),
  /** Password of the `admin` user created on first start; unset: generated and saved in the data directory (shown only on a terminal). */
  TASKCAST_ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 8, 'must be at least 8 characters'),
  /** Secret that signs access tokens; unset: generated once and kept in the data directory. */
  TASKCAST_JWT_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  /** Bearer token of `GET /metrics` (Prometheus), at least 16 characters; unset: no /metrics (404). A secret. */
  TASKCAST_METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  /** The cluster gauges of /metrics (tasks pending and running, oldest pending) are read from the database at most this often, ms. */
  TASKCAST_METRICS_GAUGE_INTERVAL_MS: int(100, 3_600_000, METRICS_DEFAULTS.gaugeIntervalMs),
  /** A worker's own `/metrics` listener (on HOST), behind TASKCAST_METRICS_TOKEN; 0: the system picks; unset: none. Not for serve nodes. */
  TASKCAST_METRICS_PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  /** Access token lifetime, seconds. */
  TASKCAST_TOKEN_TTL_SECONDS: int(60, 30 * 24 * 3600, TASKCAST_DEFAULTS.tokenTtlSeconds),
  /** Password hashes (scrypt, 128 MiB each) computed at once by this process; more log-ins wait their turn. */
  TASKCAST_PASSWORD_HASH_CONCURRENCY: int(1, 64, 2),
  /** Failed log-ins of one user name (from any address) within the window before further attempts get 429; a huge number: off. */
  TASKCAST_LOGIN_MAX_FAILURES: int(1, 1e12, LOGIN_DEFAULTS.maxFailures),
  /** Failed log-ins from one client address (request.ip) within the window before further attempts get 429. */
  TASKCAST_LOGIN_MAX_FAILURES_PER_ADDRESS: int(1, 1e12, LOGIN_DEFAULTS.maxFailuresPerAddress),
  /** The window log-in failures are counted in, from a name's or an address's first failure, ms. */
  TASKCAST_LOGIN_WINDOW_MS: int(1, 2 ** 31 - 1, LOGIN_DEFAULTS.windowMs),
  /** The first log-in lock, ms; doubled for each further failure after it. */
  TASKCAST_LOGIN_LOCK_BASE_MS: int(1, 2 ** 31 - 1, LOGIN_DEFAULTS.lockBaseMs),
  /** The longest log-in lock, ms. */
  TASKCAST_LOGIN_LOCK_MAX_MS: int(1, 2 ** 31 - 1, LOGIN_DEFAULTS.lockMaxMs),
  /**
   * Of a body the server answers without reading (over the limit, unauthorised, unknown route), bytes read and
   * discarded first so the client can read the answer.
   */
  TASKCAST_DISCARD_BODY_MAX_BYTES: int(0, 1024 * 1024 * 1024, 64 * 1024 * 1024),
  /** Time spent reading and discarding such a body at most, ms. */
  TASKCAST_DISCARD_BODY_MAX_MS: int(0, 600_000, 10_000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Whether `serve` also runs tasks (false: HTTP and WebSocket only, workers run the tasks). */
  TASKCAST_RUN_TASKS: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** redis://… — carry live updates between nodes over Redis pub/sub instead of PostgreSQL LISTEN/NOTIFY. */
  REDIS_URL: optionalText.refine((v) => v === undefined || /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://'),
  /** Tasks run at once by this process. */
  TASKCAST_CONCURRENCY: int(1, 1000, ENGINE_DEFAULTS.concurrency),
  /** Minimum interval between two progress writes/broadcasts of one task, ms. */
  TASKCAST_PROGRESS_INTERVAL_MS: int(10, 60_000, ENGINE_DEFAULTS.progressIntervalMs),
  /** Lease of a running task without a heartbeat, ms. */
  TASKCAST_LEASE_MS: int(1000, 3_600_000, ENGINE_DEFAULTS.leaseMs),
  /** Heartbeat interval (lease renewal, cancellation requested elsewhere, reaping), ms. */
  TASKCAST_HEARTBEAT_MS: int(100, 600_000, ENGINE_DEFAULTS.heartbeatMs),
  /** Grace period for running tasks on shutdown, ms. */
  TASKCAST_SHUTDOWN_GRACE_MS: int(0, 600_000, TASKCAST_DEFAULTS.shutdownGraceMs),
  /** Finished tasks older than this many hours are deleted hourly (fractions allowed); unset: kept until an admin cleans up. */
  TASKCAST_TASK_RETENTION_HOURS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number()
      .min(0)
      .max(10 * 365 * 24)
      .optional(),
  ),
  /** SQLite: longest wait for another connection's lock inside one statement (it blocks the event loop), ms. */
  TASKCAST_SQLITE_BUSY_TIMEOUT_MS: int(0, 5_000, 50),
  /** SQLite: how long a call keeps retrying, asynchronously, while the database is locked (then 503), ms. */
  TASKCAST_SQLITE_LOCK_WAIT_MS: int(0, 600_000, 5_000),
  /** SQLite: interval of the WAL checkpoint a background thread runs instead of the commits, ms; 0: the commits run it. */
  TASKCAST_SQLITE_CHECKPOINT_MS: int(0, 60_000, 200),
  /** PostgreSQL: time allowed to open a connection (then the request answers 503), ms. */
  TASKCAST_DB_CONNECT_TIMEOUT_MS: int(100, 600_000, 5_000),
  /** PostgreSQL: a session idle inside a transaction this long is ended (a frozen process's locks released), ms; 0: never. */
  TASKCAST_PG_IDLE_IN_TRANSACTION_MS: int(0, 3_600_000, 30_000),
  /** How long a sync keeps retrying a batch while the database is unreachable or locked, ms. */
  TASKCAST_DB_RETRY_MS: int(0, 3_600_000, ENGINE_DEFAULTS.databaseRetryMs),
  /** A waiting task gains one priority level per this many ms (priorities −10…10), so none starves. */
  TASKCAST_PRIORITY_AGING_MS: int(100, 3_600_000, ENGINE_DEFAULTS.priorityAgingMs),
  /** An enqueue with an idempotency key returns the earlier task while active or finished less than this ago, ms. */
  TASKCAST_IDEMPOTENCY_WINDOW_MS: int(0, 2_592_000_000, ENGINE_DEFAULTS.idempotencyWindowMs),
  /** Bulk retry (POST /api/v1/tasks/retry): tasks put back per second; their starts are spread at this rate. */
  TASKCAST_BULK_RETRY_PER_SECOND: int(1, 10_000, ENGINE_DEFAULTS.bulkRetryPerSecond),
  /** Bulk retry: most tasks one request puts back. */
  TASKCAST_BULK_RETRY_LIMIT: int(1, 1_000_000, ENGINE_DEFAULTS.bulkRetryLimit),
  /** Task logs (ctx.log): lines kept per task, the newest; older ones are deleted as new ones come. */
  TASKCAST_TASK_LOG_LINES: int(10, 100_000, ENGINE_DEFAULTS.taskLogLines),
  /** Task logs: how long a handler's lines wait in memory before they are stored and sent to the task's socket, ms. */
  TASKCAST_TASK_LOG_FLUSH_MS: int(10, 60_000, ENGINE_DEFAULTS.taskLogFlushMs),
  /** Whether this node fires the schedules' ticks (any number of nodes may: each tick still creates one task). */
  TASKCAST_SCHEDULER: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** A schedule's tick found this late (a restart, a busy node) still runs as on time; older ones follow `missed`, ms. */
  TASKCAST_SCHEDULE_GRACE_MS: int(0, 86_400_000, SCHEDULER_DEFAULTS.graceMs),
  /** The longest a node's scheduler sleeps between two looks at the schedules, ms. */
  TASKCAST_SCHEDULER_BACKSTOP_MS: int(100, 3_600_000, SCHEDULER_DEFAULTS.backstopMs),
  /** The shortest period a schedule may run at, ms (1000: a 6-field expression may run every second). */
  TASKCAST_SCHEDULE_MIN_PERIOD_MS: int(1000, 86_400_000, SCHEDULER_DEFAULTS.minPeriodMs),
  /** The highest `missed_cap`: most missed ticks one catch-up of a `missed: all` schedule creates. */
  TASKCAST_SCHEDULE_MISSED_CAP_MAX: int(1, 999, SCHEDULER_DEFAULTS.maxMissedCap),
  /** Days the per-minute task figures of the «Мониторинг» page (GET /api/v1/metrics/summary) are kept. */
  TASKCAST_METRICS_RETENTION_DAYS: int(1, 3650, MONITORING_DEFAULTS.retentionDays),
  /** How often each node looks whether a closed minute is to be rolled up into those figures, ms. */
  TASKCAST_METRICS_ROLLUP_MS: int(1000, 60_000, MONITORING_DEFAULTS.intervalMs),
  /** HTTP API: requests per second per user (per client address without a caller), token bucket; past it: 429. A huge number: off. */
  TASKCAST_API_RATE_PER_S: int(1, 1e12, API_RATE_DEFAULTS.perSecond),
  /** HTTP API: requests a user (or address) may make at once, the bucket's size. */
  TASKCAST_API_BURST: int(1, 1e12, API_RATE_DEFAULTS.burst),
  /** WebSocket: sockets one user may have open on this node; the next upgrade gets 429. */
  TASKCAST_WS_MAX_PER_USER: int(1, 1e12, SOCKET_DEFAULTS.maxPerUser),
  /**
   * The reverse proxies (addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`; comma-separated) whose
   * X-Forwarded-For gives the client's address for the per-address limits (log-in, HTTP, socket upgrades). Unset: none
   * (the TCP peer's address). A hop count is refused: it would trust any peer's header.
   */
  TASKCAST_TRUST_PROXY: optionalText
    .transform((v) =>
      v === undefined
        ? []
        : v
            .split(',')
            .map((p) => p.trim())
            .filter((p) => p !== ''),
    )
    .superRefine((proxies, ctx) => {
      if (proxies.some((p) => /^\d+$/.test(p))) {
        ctx.addIssue({
          code: 'custom',
          message: 'a hop count is not accepted (any client could then set its own address): list the proxies’ addresses or ranges',
        });
        return;
      }
      try {
        checkTrustedProxies(proxies);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must be addresses or CIDR ranges, comma-separated: ${(err as Error).message}` });
      }
    }),
  /** WebSocket: upgrades one client address may make per minute (a bucket of as many, refilled evenly); past it: 429. */
  TASKCAST_WS_UPGRADES_PER_MIN: int(1, 1e12, SOCKET_DEFAULTS.upgradesPerMinute),
  /** WebSocket: largest message a client may send, bytes; a larger one closes the socket with 1008. */
  TASKCAST_WS_MAX_MESSAGE_BYTES: int(128, 1_048_576, SOCKET_DEFAULTS.maxMessageBytes),
  /** Deprecated name of TASKCAST_WS_MAX_MESSAGE_BYTES, read when that is not set. */
  TASKCAST_WS_MAX_PAYLOAD_BYTES: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(128).max(1_048_576).optional(),
  ),
  /** WebSocket: a socket with more unsent data than this is too slow and is closed with 1013, bytes. */
  TASKCAST_WS_MAX_BUFFERED_BYTES: int(16_384, 64 * 1_048_576, SOCKET_DEFAULTS.maxBufferedBytes),
  /** WebSocket: messages a client may send per second (a burst of twice as many is allowed); past it: 1008. */
  TASKCAST_WS_MESSAGES_PER_S: int(1, 1e12, SOCKET_DEFAULTS.messagesPerSecond),
  /** Notifications by e-mail: the SMTP server, smtp://user:password@host:port (smtps:// for TLS); unset: no e-mail is sent. */
  SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\//.test(v), 'must be an smtp:// or smtps:// URL'),
  /** The From of notification e-mails. */
  MAIL_FROM: z.string().min(3).default(NOTIFIER_DEFAULTS.mailFrom),
  /** The app's address as people open it (https://tasks.example.com), for links to a task in notifications; unset: no links. */
  TASKCAST_PUBLIC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http:// or https:// URL'),
  /** Whether this node sends notifications (any number of nodes may: each is still sent once). */
  TASKCAST_NOTIFIER: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Notification floods: after an immediate message of a rule to a recipient, events in this window join one digest, ms. */
  TASKCAST_NOTIFY_FLOOD_WINDOW_MS: int(1_000, 86_400_000, NOTIFIER_DEFAULTS.floodWindowMs),
  /** A notification that could not be sent is tried again after this long, doubling each time, ms. */
  TASKCAST_NOTIFY_RETRY_BASE_MS: int(100, 3_600_000, NOTIFIER_DEFAULTS.retryBaseMs),
  /** The longest wait between two tries of one notification, ms. */
  TASKCAST_NOTIFY_RETRY_MAX_MS: int(100, 86_400_000, NOTIFIER_DEFAULTS.retryMaxMs),
  /** A notification still not sent this long after its event is given up (kept as failed), ms. */
  TASKCAST_NOTIFY_GIVE_UP_MS: int(1_000, 30 * 86_400_000, NOTIFIER_DEFAULTS.giveUpMs),
  /** A node sending a notification holds it this long; if the node dies, another sends it after, ms. */
  TASKCAST_NOTIFY_LEASE_MS: int(1_000, 3_600_000, NOTIFIER_DEFAULTS.leaseMs),
  /** The longest a node's notifier sleeps between two looks at the outbox (digests come due with no event), ms. */
  TASKCAST_NOTIFY_BACKSTOP_MS: int(100, 3_600_000, NOTIFIER_DEFAULTS.backstopMs),
  /** Time allowed to one SMTP conversation or webhook POST, ms. */
  TASKCAST_NOTIFY_SEND_TIMEOUT_MS: int(100, 600_000, NOTIFIER_DEFAULTS.sendTimeoutMs),
  /** How often running tasks are checked against the «stuck» rules, ms. */
  TASKCAST_NOTIFY_STUCK_SCAN_MS: int(1_000, 3_600_000, NOTIFIER_DEFAULTS.stuckScanMs),
  /** Errors quoted in a notification digest. */
  TASKCAST_NOTIFY_DIGEST_QUOTES: int(0, 100, NOTIFIER_DEFAULTS.digestQuotes),
  /** Days sent notifications, processed events and read bell lines are kept. */
  TASKCAST_NOTIFY_RETENTION_DAYS: int(1, 3650, NOTIFIER_DEFAULTS.retentionMs / 86_400_000),
  /** 1C OData base URL (…/odata/standard.odata/); unset: the embedded 1C simulator with demo data. */
  ONEC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http:// or https:// URL'),
  /** 1C user for OData (Basic auth). */
  ONEC_USER: optionalText,
  /** 1C password for OData. */
  ONEC_PASSWORD: optionalText,
  /** Per-request timeout towards 1C, ms. */
  ONEC_TIMEOUT_MS: int(100, 600_000, 30_000),
  /** Attempts per request towards 1C (network errors, 5xx and 429 are retried). */
  ONEC_MAX_ATTEMPTS: int(1, 20, 5),
  /** Send allowedOnly=true with every 1C query (records hidden by access rights are skipped); the bank sync then deletes nothing. */
  ONEC_ALLOWED_ONLY: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Longest encoded query string sent to 1C, bytes (IIS in front refuses over 2,048 by default). */
  ONEC_MAX_QUERY_BYTES: int(1_000, 65_536, 1_500),
  /** Re-reads of one date window when 1C's data moved under the page boundary during a sync. */
  ONEC_SHIFT_REREADS: int(0, 100, 3),
  /** Records per page ($top) read from 1C. */
  ONEC_PAGE_SIZE: int(1, 10_000, 500),
  /** Requests to 1C in flight at once from this process; the bank sync reads this many month windows at once. */
  ONEC_MAX_CONCURRENCY: int(1, 64, 4),
  /** The embedded 1C simulator (ONEC_URL unset): delay before every OData answer, ms — to watch a sync at a human pace. */
  ONEC_SIM_LATENCY_MS: int(0, 600_000, 0),
  /**
   * Requests per second to one 1C base from every node and task together (a token bucket in the database or Redis); 0:
   * unlimited. Default ONEC_DEFAULT_MAX_RPS when ONEC_URL is set; unlimited for the embedded simulator.
   */
  ONEC_MAX_RPS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(0).max(10_000).optional(),
  ),
  /** Attempts of a 1C sync task: a failure that may pass (1C down or slow, 5xx, Retry-After) is tried again from the last batch. */
  ONEC_SYNC_MAX_ATTEMPTS: int(1, 100, 5),
  /** Pause before a sync's second attempt, ms; doubling for each later one, at most 30 min, equal jitter (half to all of it). */
  ONEC_SYNC_RETRY_BASE_MS: int(100, 1_800_000, 30_000),
});

/** ONEC_MAX_RPS when ONEC_URL is set and it is not: a real 1C base is never sent more than this many requests per second. */
export const ONEC_DEFAULT_MAX_RPS = 20;

/** The validated configuration (with the defaults that depend on other variables filled in). */
export type Config = Omit<z.infer<typeof schema>, 'ONEC_MAX_RPS'> & { ONEC_MAX_RPS: number };

/** A configuration value that is wrong; the message names the variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

// Their values never appear in messages or logs.
const SECRET_VARIABLES = new Set([
  'TASKCAST_ADMIN_PASSWORD',
  'TASKCAST_JWT_SECRET',
  'TASKCAST_METRICS_TOKEN',
  'ONEC_PASSWORD',
  'SMTP_URL',
  'DATABASE_URL',
]);

/** Reads and validates the configuration; throws ConfigError naming every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const shown = SECRET_VARIABLES.has(name) ? 'value hidden' : `got ${JSON.stringify(env[name])}`;
      return `${name}: ${i.message} (${shown})`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const data = parsed.data;
  return {
    ...data,
    // The deprecated name still counts when the new one is not set.
    TASKCAST_WS_MAX_MESSAGE_BYTES:
      isBlank(env.TASKCAST_WS_MAX_MESSAGE_BYTES) && data.TASKCAST_WS_MAX_PAYLOAD_BYTES !== undefined
        ? data.TASKCAST_WS_MAX_PAYLOAD_BYTES
        : data.TASKCAST_WS_MAX_MESSAGE_BYTES,
    ONEC_MAX_RPS: data.ONEC_MAX_RPS ?? (data.ONEC_URL ? ONEC_DEFAULT_MAX_RPS : 0),
  };
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}
