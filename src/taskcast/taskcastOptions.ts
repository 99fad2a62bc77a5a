/**
 * The options of createTaskcast: each with its default and unit, checked once when the Taskcast is created. The
 * defaults are ENGINE_DEFAULTS, SOCKET_DEFAULTS and TASKCAST_DEFAULTS, which the standalone server's variables
 * (src/config/config.ts) share.
 */
import { randomBytes } from 'node:crypto';
import {
  API_RATE_DEFAULTS,
  MemoryRateBuckets,
  parseOrigin,
  SOCKET_DEFAULTS,
  type AllowedOrigins,
  type ApiRateSettings,
  type RateBuckets,
  type ResolveCaller,
  type SocketOptions,
  checkTrustedProxies,
} from '../api/index.js';
import { LOGIN_DEFAULTS, type LoginAttemptStore, type LoginLimits } from '../auth/index.js';
import { ENGINE_DEFAULTS, silentLogger, type Logger, type TaskBus } from '../engine/index.js';
import { METRICS_DEFAULTS, type MetricsOptions } from '../metrics/index.js';
import { TASKCAST_DEFAULTS } from './defaults.js';
import { InvalidOptionError } from './errors.js';

/** How callers are identified: Taskcast's own users and tokens, or the application's own resolver. */
export type TaskcastAuth =
  | {
      /**
       * Signs Taskcast's tokens (HS256), at least 32 characters; processes sharing a database must share it.
       * Default: random, per process (tokens then end with it; a warning is logged); required with a `bus`.
       */
      jwtSecret?: string;
      /** Lifetime of a token, seconds (60 to 30 days). Default 12 hours. */
      tokenTtlSeconds?: number;
      /**
       * Origins (`https://app.example.com`) whose pages may send POST/PUT/PATCH/DELETE and open sockets; a request
       * naming another in its `Origin` header gets 403. Default: none checked (browsers do not send Taskcast's
       * tokens by themselves, so another site's page cannot use them).
       */
      allowedOrigins?: AllowedOrigins;
      /** The log-in limits (failures per name and per address, their window and locks): {@link LoginOptions}. */
      login?: LoginOptions;
    }
  | {
      /** The application's own: who is behind an HTTP request or a socket upgrade (null: 401). No log-in routes then. */
      resolveCaller: ResolveCaller;
      /**
       * Required: the origins whose pages may send POST/PUT/PATCH/DELETE and open sockets (your pages', your own
       * origin included); a request naming another in its `Origin` header gets 403. A resolver reading a cookie is
       * sent it by the browser whatever page asks, so this is what stops another site's page from acting as your
       * user. `'*'`: no check, only for a resolver that reads nothing a browser sends by itself (no cookie).
       */
      allowedOrigins: AllowedOrigins;
    };

/**
 * The log-in limits of Taskcast's own accounts, each optional with its default in LOGIN_DEFAULTS (5 failures of a name
 * or 20 of an address in 15 minutes, then a lock of 1 minute doubling up to 15). A very large number turns a limit off.
 */
export interface LoginOptions extends Partial<LoginLimits> {
  /** Where failures are counted; default the storage's own (shared by every process on the database). */
  store?: LoginAttemptStore;
}

/** Engine settings of createTaskcast, each optional with the default shown. */
export interface EngineSettings {
  /** Tasks run at once by this process (1–1000). Default 4. */
  concurrency?: number;
  /** Minimum interval between two progress writes and broadcasts of one task, ms (10–60,000). Default 100. */
  progressIntervalMs?: number;
  /** Lease of a running task without a heartbeat, ms (1,000–3,600,000). Default 30,000. */
  leaseMs?: number;
  /** Heartbeat: lease renewal, cancellations requested elsewhere, reaping, ms (100–600,000, below `leaseMs`). Default 5,000. */
  heartbeatMs?: number;
  /** Whether this process runs tasks (false: it creates, shows and cancels them only). Default true. */
  runTasks?: boolean;
  /** Most tasks claimed ahead of free slots, for floods of short tasks (0–100,000; 0 disables). Default 500. */
  maxPrefetch?: number;
  /** On close(), time given to running tasks before they are handed back, ms (0–600,000). Default 10,000. */
  shutdownGraceMs?: number;
  /** Finished tasks older than this many hours are deleted at start and every `retentionSweepMs` (0–87,600). Default: never. */
  retentionHours?: number;
  /** Interval of that sweep, ms (1,000–86,400,000). Default 3,600,000. */
  retentionSweepMs?: number;
  /** How long `ctx.retryDatabase` retries while the database is unreachable or locked, ms (0–3,600,000). Default 60,000. */
  databaseRetryMs?: number;
  /** A waiting task gains one priority level per this many ms, so none starves (100–3,600,000). Default 3,000. */
  priorityAgingMs?: number;
  /** An idempotency key returns the earlier task while active or finished less than this ago, ms (0–2,592,000,000). Default 24 h. */
  idempotencyWindowMs?: number;
  /** Bulk retry: tasks put back per second, their starts spread at this rate (1–10,000). Default 20. */
  bulkRetryPerSecond?: number;
  /** Bulk retry: most tasks one request puts back (1–1,000,000). Default 10,000. */
  bulkRetryLimit?: number;
  /** `ctx.log`: lines kept per task, the newest (10–100,000). Default 1,000. */
  taskLogLines?: number;
  /** `ctx.log`: how long lines wait in memory before they are stored and sent, ms (10–60,000). Default 200. */
  taskLogFlushMs?: number;
  /** Carries changes and cancel requests between processes sharing a PostgreSQL database. Default: none (one process). */
  bus?: TaskBus;
}

/** Options of createTaskcast. */
export interface TaskcastOptions<S> extends EngineSettings {
  /** The database (`openSqlite`, `openPostgres`). Taskcast uses it but does not close it: its opener does. */
  storage: S;
  /** Where the engine logs (pino, or Fastify's `app.log`). Default: nowhere. */
  logger?: Logger;
  /** Who is asking. Default: Taskcast's own users and tokens with a random secret. */
  auth?: TaskcastAuth;
  /** Limits of the task sockets (frame size, buffered bytes, messages per second…). Defaults: SOCKET_DEFAULTS. */
  sockets?: SocketOptions;
  /**
   * Each caller's HTTP rate limit, and where its buckets (and the sockets' upgrade buckets) live: {@link RateLimitOptions}.
   * `false`: none (the application limits requests itself, e.g. with its own @fastify/rate-limit).
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * The reverse proxies in front of the app whose X-Forwarded-For gives a socket upgrade's client address (its
   * per-address limit): give the same as your Fastify's `trustProxy` (addresses, CIDR ranges, `loopback`…), which
   * decides `request.ip` for the log-in and HTTP limits. Default none: the TCP peer's address.
   */
  trustProxy?: readonly string[];
  /** Apply the storage's pending migrations in ready(). Default true. */
  migrate?: boolean;
  /**
   * Prometheus metrics: `GET /metrics` (under the plugin's prefix) answers a caller sending `Authorization: Bearer
   * <token>` (the token at least 16 characters, a secret; 401 without it). Default: off, and no /metrics route.
   */
  metrics?: MetricsOptions;
}

/**
 * The HTTP API's limit per caller (per user; per address for a request without one), a token bucket; defaults in
 * API_RATE_DEFAULTS. A very large number turns it off in effect.
 */
export interface RateLimitOptions {
  /** Requests per second on average (1–1e12). Default 20. */
  perSecond?: number;
  /** Requests at once after a pause, the bucket's size (1–1e12). Default 100. */
  burst?: number;
  /** Where the buckets live; give shared ones (RedisRateBuckets) so the limit holds across nodes. Default: this process's memory. */
  buckets?: RateBuckets;
}

/** The options with every default filled in. */
export interface ResolvedOptions extends Required<Omit<EngineSettings, 'bus' | 'retentionHours'>> {
  logger: Logger;
  bus?: TaskBus;
  retentionHours?: number;
  sockets: ResolvedSockets;
  rateLimit: ApiRateSettings | false;
  trustProxy: readonly string[];
  migrate: boolean;
  metrics?: Required<MetricsOptions>;
  auth:
    | { jwtSecret: string; tokenTtlSeconds: number; allowedOrigins?: AllowedOrigins; randomSecret: boolean; login: ResolvedLogin }
    | { resolveCaller: ResolveCaller; allowedOrigins: AllowedOrigins };
}

type Range = { min: number; max: number; fallback?: number; fractions?: boolean };

/** Every numeric option: its range and default. */
const NUMBERS = {
  concurrency: { min: 1, max: 1000, fallback: ENGINE_DEFAULTS.concurrency },
  progressIntervalMs: { min: 10, max: 60_000, fallback: ENGINE_DEFAULTS.progressIntervalMs },
  leaseMs: { min: 1000, max: 3_600_000, fallback: ENGINE_DEFAULTS.leaseMs },
  heartbeatMs: { min: 100, max: 600_000, fallback: ENGINE_DEFAULTS.heartbeatMs },
  maxPrefetch: { min: 0, max: 100_000, fallback: ENGINE_DEFAULTS.maxPrefetch },
  shutdownGraceMs: { min: 0, max: 600_000, fallback: TASKCAST_DEFAULTS.shutdownGraceMs },
  retentionHours: { min: 0, max: 87_600, fractions: true },
  retentionSweepMs: { min: 1000, max: 86_400_000, fallback: ENGINE_DEFAULTS.retentionSweepMs },
  databaseRetryMs: { min: 0, max: 3_600_000, fallback: ENGINE_DEFAULTS.databaseRetryMs },
  priorityAgingMs: { min: 100, max: 3_600_000, fallback: ENGINE_DEFAULTS.priorityAgingMs },
  idempotencyWindowMs: { min: 0, max: 2_592_000_000, fallback: ENGINE_DEFAULTS.idempotencyWindowMs },
  bulkRetryPerSecond: { min: 1, max: 10_000, fallback: ENGINE_DEFAULTS.bulkRetryPerSecond },
  bulkRetryLimit: { min: 1, max: 1_000_000, fallback: ENGINE_DEFAULTS.bulkRetryLimit },
  taskLogLines: { min: 10, max: 100_000, fallback: ENGINE_DEFAULTS.taskLogLines },
  taskLogFlushMs: { min: 10, max: 60_000, fallback: ENGINE_DEFAULTS.taskLogFlushMs },
} satisfies Record<string, Range>;

const TOKEN_TTL: Range = { min: 60, max: 30 * 24 * 3600, fallback: TASKCAST_DEFAULTS.tokenTtlSeconds };

/** The log-in limits with their defaults, and the store if one was given. */
export type ResolvedLogin = LoginLimits & { store?: LoginAttemptStore };

/** Every log-in limit: its range (the same as its environment variable's) and default. */
const LOGIN_NUMBERS = {
  maxFailures: { min: 1, max: 1e12, fallback: LOGIN_DEFAULTS.maxFailures },
  maxFailuresPerAddress: { min: 1, max: 1e12, fallback: LOGIN_DEFAULTS.maxFailuresPerAddress },
  windowMs: { min: 1, max: 2 ** 31 - 1, fallback: LOGIN_DEFAULTS.windowMs },
  lockBaseMs: { min: 1, max: 2 ** 31 - 1, fallback: LOGIN_DEFAULTS.lockBaseMs },
  lockMaxMs: { min: 1, max: 2 ** 31 - 1, fallback: LOGIN_DEFAULTS.lockMaxMs },
} satisfies Record<keyof LoginLimits, Range>;

/** The methods a login `store` must have. */
const LOGIN_STORE_METHODS = ['reserveLoginAttempt', 'releaseLoginAttempt', 'loginLockMs', 'resetLoginFailures'] as const;

/** The socket limits with their defaults (the deprecated `maxPayloadBytes` folded into `maxMessageBytes`). */
export type ResolvedSockets = Required<Omit<SocketOptions, 'maxPayloadBytes'>>;

/** Every socket limit: its range (the same as its environment variable's, where it has one) and default. */
const SOCKET_NUMBERS = {
  pingIntervalMs: { min: 1000, max: 3_600_000, fallback: SOCKET_DEFAULTS.pingIntervalMs },
  maxBufferedBytes: { min: 16_384, max: 64 * 1_048_576, fallback: SOCKET_DEFAULTS.maxBufferedBytes },
  maxMessageBytes: { min: 128, max: 1_048_576, fallback: SOCKET_DEFAULTS.maxMessageBytes },
  messagesPerSecond: { min: 1, max: 1e12, fallback: SOCKET_DEFAULTS.messagesPerSecond },
  closeGraceMs: { min: 0, max: 600_000, fallback: SOCKET_DEFAULTS.closeGraceMs },
  maxPerUser: { min: 1, max: 1e12, fallback: SOCKET_DEFAULTS.maxPerUser },
  upgradesPerMinute: { min: 1, max: 1e12, fallback: SOCKET_DEFAULTS.upgradesPerMinute },
} satisfies Record<keyof ResolvedSockets, Range>;

/** The HTTP rate limit's numbers: their ranges and defaults. */
const RATE_NUMBERS = {
  perSecond: { min: 1, max: 1e12, fallback: API_RATE_DEFAULTS.perSecond },
  burst: { min: 1, max: 1e12, fallback: API_RATE_DEFAULTS.burst },
} satisfies Record<keyof Omit<RateLimitOptions, 'buckets'>, Range>;

/** What a `bus` must have: the TaskBus methods. */
const BUS_METHODS = ['publish', 'publishCancel', 'listen', 'close'] as const;

function numberOption(name: string, value: unknown, range: Range): number | undefined {
  if (value === undefined) return range.fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && (range.fractions || Number.isInteger(value));
  if (!ok || value < range.min || value > range.max) {
    const kind = range.fractions ? 'a number' : 'a whole number';
    throw new InvalidOptionError(name, `must be ${kind} from ${range.min} to ${range.max}; got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, 'must be true or false');
  return value;
}

/** Checks the options and fills in the defaults; throws {@link InvalidOptionError} naming the first wrong one. */
export function resolveOptions<S>(options: TaskcastOptions<S>): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'must be an object');
  const storage = options.storage as { tasks?: unknown; users?: unknown; watchNewTasks?: unknown } | undefined;
  if (typeof storage !== 'object' || storage === null || !storage.tasks || !storage.users || typeof storage.watchNewTasks !== 'function') {
    throw new InvalidOptionError('storage', 'must be an open storage (openSqlite or openPostgres)');
  }
  const n = Object.fromEntries(
    Object.entries(NUMBERS).map(([name, range]) => [name, numberOption(name, options[name as keyof EngineSettings], range)]),
  ) as Record<keyof typeof NUMBERS, number>;
  if (n.heartbeatMs >= n.leaseMs) {
    throw new InvalidOptionError('heartbeatMs', `must be shorter than leaseMs (${n.leaseMs}), or leases expire between heartbeats`);
  }
  const logger = options.logger ?? silentLogger;
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    if (typeof logger[level] !== 'function') throw new InvalidOptionError('logger', `must have a ${level}() method (pino's logger does)`);
  }
  if (options.bus !== undefined) {
    const bus = options.bus as unknown as Record<string, unknown> | null;
    if (typeof bus !== 'object' || bus === null || BUS_METHODS.some((m) => typeof bus[m] !== 'function')) {
      throw new InvalidOptionError('bus', `must be a TaskBus, with the methods ${BUS_METHODS.join('(), ')}()`);
    }
  }
  return {
    ...n,
    retentionHours: options.retentionHours === undefined ? undefined : n.retentionHours,
    runTasks: booleanOption('runTasks', options.runTasks, true),
    migrate: booleanOption('migrate', options.migrate, true),
    metrics: resolveMetrics(options.metrics),
    logger,
    bus: options.bus,
    sockets: resolveSockets(options.sockets),
    rateLimit: resolveRateLimit(options.rateLimit),
    trustProxy: resolveTrustProxy(options.trustProxy),
    auth: resolveAuth(options.auth, options.bus !== undefined),
  };
}

/** The metrics' range of the gauge interval, ms (the same as TASKCAST_METRICS_GAUGE_INTERVAL_MS's). */
const GAUGE_INTERVAL: Range = { min: 100, max: 3_600_000, fallback: METRICS_DEFAULTS.gaugeIntervalMs };

function resolveMetrics(metrics: MetricsOptions | undefined): Required<MetricsOptions> | undefined {
  if (metrics === undefined) return undefined;
  if (typeof metrics !== 'object' || metrics === null) throw new InvalidOptionError('metrics', 'must be an object');
  const unknown = Object.keys(metrics).find((k) => k !== 'token' && k !== 'gaugeIntervalMs');
  if (unknown !== undefined) throw new InvalidOptionError(`metrics.${unknown}`, 'is not an option; they are token, gaugeIntervalMs');
  // The value is never part of a message: it is a secret.
  if (typeof metrics.token !== 'string' || metrics.token.length < 16) {
    throw new InvalidOptionError('metrics.token', 'must be a string of at least 16 characters');
  }
  return { token: metrics.token, gaugeIntervalMs: numberOption('metrics.gaugeIntervalMs', metrics.gaugeIntervalMs, GAUGE_INTERVAL)! };
}

function resolveSockets(sockets: SocketOptions | undefined): ResolvedSockets {
  if (sockets !== undefined && (typeof sockets !== 'object' || sockets === null))
    throw new InvalidOptionError('sockets', 'must be an object');
  const { maxPayloadBytes, ...given } = (sockets ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(given).find((k) => !(k in SOCKET_NUMBERS));
  if (unknown !== undefined)
    throw new InvalidOptionError(`sockets.${unknown}`, `is not an option; they are ${Object.keys(SOCKET_NUMBERS).join(', ')}`);
  // The former name, still read when the new one is not given.
  if (given.maxMessageBytes === undefined && maxPayloadBytes !== undefined) {
    given.maxMessageBytes = numberOption('sockets.maxPayloadBytes', maxPayloadBytes, SOCKET_NUMBERS.maxMessageBytes);
  }
  return Object.fromEntries(
    Object.entries(SOCKET_NUMBERS).map(([name, range]) => [name, numberOption(`sockets.${name}`, given[name], range)]),
  ) as ResolvedSockets;
}

function resolveTrustProxy(trustProxy: readonly string[] | undefined): readonly string[] {
  if (trustProxy === undefined) return [];
  if (!Array.isArray(trustProxy) || trustProxy.some((p) => typeof p !== 'string')) {
    throw new InvalidOptionError('trustProxy', 'must be a list of addresses or CIDR ranges');
  }
  try {
    checkTrustedProxies(trustProxy);
  } catch (err) {
    throw new InvalidOptionError('trustProxy', (err as Error).message);
  }
  return [...trustProxy];
}

function resolveRateLimit(rateLimit: RateLimitOptions | false | undefined): ApiRateSettings | false {
  if (rateLimit === false) return false;
  if (rateLimit !== undefined && (typeof rateLimit !== 'object' || rateLimit === null))
    throw new InvalidOptionError('rateLimit', 'must be an object');
  const given = (rateLimit ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(given).find((k) => !(k in RATE_NUMBERS) && k !== 'buckets');
  if (unknown !== undefined) throw new InvalidOptionError(`rateLimit.${unknown}`, 'is not an option; they are perSecond, burst, buckets');
  const buckets = rateLimit?.buckets ?? new MemoryRateBuckets();
  if (typeof (buckets as Partial<RateBuckets>).take !== 'function')
    throw new InvalidOptionError('rateLimit.buckets', 'must have a take() method');
  return {
    perSecond: numberOption('rateLimit.perSecond', given.perSecond, RATE_NUMBERS.perSecond)!,
    burst: numberOption('rateLimit.burst', given.burst, RATE_NUMBERS.burst)!,
    buckets,
  };
}

function resolveOrigins(value: unknown, required: boolean): AllowedOrigins | undefined {
  const name = 'auth.allowedOrigins';
  if (value === undefined) {
    if (!required) return undefined;
    throw new InvalidOptionError(
      name,
      "is required with resolveCaller: list the origins of your pages (e.g. ['https://app.example.com']), or '*' if your resolver reads no cookie",
    );
  }
  if (value === '*') return '*';
  if (!Array.isArray(value)) throw new InvalidOptionError(name, "must be a list of origins or '*'");
  return value.map((origin: unknown, i) => {
    const parsed = typeof origin === 'string' ? parseOrigin(origin) : null;
    if (parsed === null) {
      throw new InvalidOptionError(
        `${name}[${i}]`,
        `must be an origin, scheme://host[:port] (http or https); got ${JSON.stringify(origin)}`,
      );
    }
    return parsed;
  });
}

function resolveAuth(auth: TaskcastAuth | undefined, withBus: boolean): ResolvedOptions['auth'] {
  if (auth !== undefined && (typeof auth !== 'object' || auth === null)) throw new InvalidOptionError('auth', 'must be an object');
  if (auth && 'resolveCaller' in auth) {
    if (typeof auth.resolveCaller !== 'function') throw new InvalidOptionError('auth.resolveCaller', 'must be a function');
    const other = Object.keys(auth).filter((k) => k !== 'resolveCaller' && k !== 'allowedOrigins');
    if (other.length > 0) throw new InvalidOptionError(`auth.${other[0]}`, "goes with Taskcast's own accounts, not with resolveCaller");
    return { resolveCaller: auth.resolveCaller, allowedOrigins: resolveOrigins(auth.allowedOrigins, true)! };
  }
  const secret = auth?.jwtSecret;
  // The value is never part of a message: it is a secret.
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < 32)) {
    throw new InvalidOptionError('auth.jwtSecret', 'must be a string of at least 32 characters');
  }
  if (secret === undefined && withBus) {
    throw new InvalidOptionError(
      'auth.jwtSecret',
      "is required with a bus: processes sharing a database must sign with one secret (a random one is this process's alone)",
    );
  }
  return {
    jwtSecret: secret ?? randomBytes(36).toString('base64url'),
    randomSecret: secret === undefined,
    tokenTtlSeconds: numberOption('auth.tokenTtlSeconds', auth?.tokenTtlSeconds, TOKEN_TTL)!,
    allowedOrigins: resolveOrigins(auth?.allowedOrigins, false),
    login: resolveLogin(auth?.login),
  };
}

function resolveLogin(login: LoginOptions | undefined): ResolvedLogin {
  if (login !== undefined && (typeof login !== 'object' || login === null)) throw new InvalidOptionError('auth.login', 'must be an object');
  const { store, ...given } = (login ?? {}) as LoginOptions & Record<string, unknown>;
  const unknown = Object.keys(given).find((k) => !(k in LOGIN_NUMBERS));
  if (unknown !== undefined)
    throw new InvalidOptionError(`auth.login.${unknown}`, `is not an option; they are ${Object.keys(LOGIN_NUMBERS).join(', ')}, store`);
  if (store !== undefined && LOGIN_STORE_METHODS.some((m) => typeof (store as unknown as Record<string, unknown>)[m] !== 'function')) {
    throw new InvalidOptionError('auth.login.store', `must be a LoginAttemptStore, with the methods ${LOGIN_STORE_METHODS.join('(), ')}()`);
  }
  const limits = Object.fromEntries(
    Object.entries(LOGIN_NUMBERS).map(([name, range]) => [name, numberOption(`auth.login.${name}`, given[name], range)]),
  ) as unknown as LoginLimits;
  return { ...limits, store };
}
