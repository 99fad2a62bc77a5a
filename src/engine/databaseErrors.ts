import { setTimeout as sleep } from 'node:timers/promises';
import { TaskcastError } from './errors.js';

/**
 * A database error about the data written — SQLSTATE class 22 (data exception: a fractional count in a
 * bigint, a \u0000 in text) or 23 (integrity) — rather than about the connection: writing the same values
 * again cannot succeed. Our own named errors are never data errors.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return !(err instanceof TaskcastError) && typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** The database's message for a refused write, with its detail when it gives one. */
export function databaseMessage(err: unknown): string {
  const { message, detail } = err as Error & { detail?: string };
  return `${message}${detail ? ` (${detail})` : ''}`;
}

/** Network error codes of a connection that failed or dropped (Node's socket errors). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Messages of node-postgres's own errors, which carry no code: a connection that ended under a query, a
 * client used after its connection failed, a pool that could not connect in time.
 */
const PG_CONNECTION_MESSAGES =
  /Connection terminated|connection error|Connection ended|timeout exceeded when trying to connect|terminating connection|Client was closed|Cannot use a pool after calling end/i;

/**
 * Whether `err` says the database is unreachable or busy for now — not that the request or the data is
 * wrong: PostgreSQL's connection failures (SQLSTATE class 08, 57P01–57P03 shutdown/starting up, 53300 too
 * many connections, a dropped socket) and SQLite's `SQLITE_BUSY`/`SQLITE_LOCKED` (another connection holds
 * the write lock). The same request may succeed a moment later: the API answers 503 with Retry-After and
 * handlers retry. Our own named errors never are.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  if (err instanceof TaskcastError || err === null || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
    if (/^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true;
    if (CONNECTION_CODES.has(code)) return true;
  }
  return typeof message === 'string' && PG_CONNECTION_MESSAGES.test(message);
}

/** Pauses between tries of {@link retryWhileUnavailable}: 100 ms, doubling, at most 2 s. */
const FIRST_PAUSE_MS = 100;
const MAX_PAUSE_MS = 2_000;

/**
 * Runs `op`, and again after a pause each time it fails because the database is unreachable or locked
 * ({@link isTransientDatabaseError}), for up to `forMs`; then, or on any other error, the error reaches the
 * caller. `op` must be safe to repeat (one transaction, or idempotent writes). Stops waiting when `signal`
 * aborts (the task was cancelled): the last error is thrown.
 */
export async function retryWhileUnavailable<T>(
  op: () => Promise<T>,
  options: { forMs: number; signal?: AbortSignal; onRetry?: (err: unknown, pauseMs: number) => void },
): Promise<T> {
  const giveUpAt = Date.now() + options.forMs;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
    try {
      return await op();
    } catch (err) {
      if (!isTransientDatabaseError(err) || options.signal?.aborted || Date.now() + pause > giveUpAt) throw err;
      options.onRetry?.(err, pause);
      const aborted = await sleep(pause, false, { signal: options.signal }).catch(() => true);
      if (aborted) throw err;
    }
  }
}
