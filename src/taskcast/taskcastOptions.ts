/**
 * The options of createTaskcast: each with its default and unit, checked once when the Taskcast is created. The
 * engine's defaults are ENGINE_DEFAULTS, which the standalone server's variables (src/config/config.ts) share.
 */
import { randomBytes } from 'node:crypto';
import type { ResolveCaller, SocketOptions } from '../api/index.js';
import { ENGINE_DEFAULTS, silentLogger, type Logger, type TaskBus } from '../engine/index.js';
import { InvalidOptionError } from './errors.js';

/** How callers are identified: Taskcast's own users and tokens, or the application's own resolver. */
export type TaskcastAuth =
  | {
      /**
       * Signs Taskcast's tokens (HS256), at least 32 characters; processes sharing a database must share it.
       * Default: random, per process (tokens then end with it).
       */
      jwtSecret?: string;
      /** Lifetime of a token, seconds (60 to 30 days). Default 12 hours. */
      tokenTtlSeconds?: number;
    }
  | {
      /** The application's own: who is behind an HTTP request or a socket upgrade (null: 401). No log-in routes then. */
      resolveCaller: ResolveCaller;
    };

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
  /** Limits of the task sockets (frame size, buffered bytes, messages per second). Defaults: 4 KiB, 1 MiB, 20/s. */
  sockets?: SocketOptions;
  /** Apply the storage's pending migrations in ready(). Default true. */
  migrate?: boolean;
}

/** The options with every default filled in. */
export interface ResolvedOptions extends Required<Omit<EngineSettings, 'bus' | 'retentionHours'>> {
  logger: Logger;
  bus?: TaskBus;
  retentionHours?: number;
  sockets: SocketOptions;
  migrate: boolean;
  auth: { jwtSecret: string; tokenTtlSeconds: number } | { resolveCaller: ResolveCaller };
}

type Range = { min: number; max: number; fallback?: number; fractions?: boolean };

/** Every numeric option: its range and default. */
const NUMBERS = {
  concurrency: { min: 1, max: 1000, fallback: ENGINE_DEFAULTS.concurrency },
  progressIntervalMs: { min: 10, max: 60_000, fallback: ENGINE_DEFAULTS.progressIntervalMs },
  leaseMs: { min: 1000, max: 3_600_000, fallback: ENGINE_DEFAULTS.leaseMs },
  heartbeatMs: { min: 100, max: 600_000, fallback: ENGINE_DEFAULTS.heartbeatMs },
  maxPrefetch: { min: 0, max: 100_000, fallback: ENGINE_DEFAULTS.maxPrefetch },
  shutdownGraceMs: { min: 0, max: 600_000, fallback: 10_000 },
  retentionHours: { min: 0, max: 87_600, fractions: true },
  retentionSweepMs: { min: 1000, max: 86_400_000, fallback: ENGINE_DEFAULTS.retentionSweepMs },
  databaseRetryMs: { min: 0, max: 3_600_000, fallback: ENGINE_DEFAULTS.databaseRetryMs },
} satisfies Record<string, Range>;

const TOKEN_TTL: Range = { min: 60, max: 30 * 24 * 3600, fallback: 12 * 3600 };

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
  return {
    ...n,
    retentionHours: options.retentionHours === undefined ? undefined : n.retentionHours,
    runTasks: booleanOption('runTasks', options.runTasks, true),
    migrate: booleanOption('migrate', options.migrate, true),
    logger,
    bus: options.bus,
    sockets: options.sockets ?? {},
    auth: resolveAuth(options.auth),
  };
}

function resolveAuth(auth: TaskcastAuth | undefined): ResolvedOptions['auth'] {
  if (auth !== undefined && (typeof auth !== 'object' || auth === null)) throw new InvalidOptionError('auth', 'must be an object');
  if (auth && 'resolveCaller' in auth) {
    if (typeof auth.resolveCaller !== 'function') throw new InvalidOptionError('auth.resolveCaller', 'must be a function');
    const other = Object.keys(auth).filter((k) => k !== 'resolveCaller');
    if (other.length > 0) throw new InvalidOptionError(`auth.${other[0]}`, "goes with Taskcast's own accounts, not with resolveCaller");
    return { resolveCaller: auth.resolveCaller };
  }
  const secret = auth?.jwtSecret;
  // The value is never part of a message: it is a secret.
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < 32)) {
    throw new InvalidOptionError('auth.jwtSecret', 'must be a string of at least 32 characters');
  }
  return {
    jwtSecret: secret ?? randomBytes(36).toString('base64url'),
    tokenTtlSeconds: numberOption('auth.tokenTtlSeconds', auth?.tokenTtlSeconds, TOKEN_TTL)!,
  };
}
