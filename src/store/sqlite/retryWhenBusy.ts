import { setTimeout as sleep } from 'node:timers/promises';

/** First pause after SQLITE_BUSY, ms; doubled after each failed try, up to {@link MAX_PAUSE_MS}. */
const FIRST_PAUSE_MS = 10;
const MAX_PAUSE_MS = 250;

/** SQLITE_BUSY and SQLITE_LOCKED (with their extended codes): another connection holds the lock. */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Makes every async method of a SQLite store wait for a lock without blocking the event loop.
 *
 * better-sqlite3 is synchronous: while another process holds the write lock, SQLite's busy handler sleeps
 * on the calling thread — the event loop — for up to `busy_timeout`. The connection therefore keeps that
 * timeout short (`TASKCAST_SQLITE_BUSY_TIMEOUT_MS`, 50 ms by default) and a method that still finds the
 * database locked is run again here after an asynchronous pause (10 ms, doubling, at most 250 ms apart)
 * until it succeeds or `waitMs` have passed; then its SQLITE_BUSY reaches the caller (the API answers 503
 * with Retry-After). Every store method is one statement or one transaction, which SQLite rolls back when
 * it cannot get the lock, so running it again is safe. Sync methods (used inside other transactions) are
 * left as they are.
 */
export function retryWhenBusy<T extends object>(store: T, waitMs: number): T {
  const methods = store as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(store))) {
    const fn = methods[name];
    if (name === 'constructor' || typeof fn !== 'function' || fn.constructor.name !== 'AsyncFunction') continue;
    const method = fn as (...args: unknown[]) => Promise<unknown>;
    methods[name] = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      return method
        .apply(store, args)
        .catch((err: unknown) => (isBusyError(err) ? again(() => method.apply(store, args), err, waitMs) : Promise.reject(err)));
    };
  }
  return store;
}

/** Runs `run` (sync or async), retrying it as {@link retryWhenBusy} does while the database is locked. */
export async function whenNotBusy<R>(run: () => R | Promise<R>, waitMs: number): Promise<R> {
  try {
    return await run();
  } catch (err) {
    if (!isBusyError(err)) throw err;
    return again(async () => run(), err, waitMs);
  }
}

async function again<R>(run: () => Promise<R>, firstError: unknown, waitMs: number): Promise<R> {
  const giveUpAt = Date.now() + waitMs;
  let err = firstError;
  for (let pause = FIRST_PAUSE_MS; Date.now() + pause <= giveUpAt; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
    await sleep(pause);
    try {
      return await run();
    } catch (next) {
      if (!isBusyError(next)) throw next;
      err = next;
    }
  }
  throw err;
}
