import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';

export const PG_URL = process.env.TASKCAST_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TASKCAST_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A service the peer needs could not be reached; run.ts turns it into a clear message and exit code 2. */
export class ServiceUnreachableError extends Error {
  constructor(
    readonly service: 'PostgreSQL' | 'Redis',
    readonly target: string,
    cause: unknown,
  ) {
    super(`${service} is unreachable at ${target}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ServiceUnreachableError';
  }
}

/** A fresh lower-case identifier suffix, so every run gets its own schema / queue. */
export function randomSuffix(): string {
  return randomBytes(5).toString('hex');
}

/** The p-th percentile (0–100), nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects after `ms` with `what` in the message, unless the promise settles first. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Connects once and runs `select 1`; throws ServiceUnreachableError if PostgreSQL does not answer
 * within 5 s. "too many clients" (53300) is retried for up to 10 s: the machine is shared, and other
 * test runs fill the server's connection slots for a moment now and then.
 */
export async function checkPostgres(url: string = PG_URL): Promise<void> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('error', () => {});
    try {
      await withTimeout(
        (async () => {
          await client.connect();
          await client.query('select 1');
        })(),
        5000,
        'connect',
      );
      return;
    } catch (err) {
      if ((err as { code?: string }).code === '53300' && performance.now() < deadline) {
        await sleep(250);
        continue;
      }
      throw new ServiceUnreachableError('PostgreSQL', redactUrl(url), err);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

export function parseRedisUrl(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: u.port ? Number(u.port) : 6379 };
}

/** Sends PING on a plain socket; throws ServiceUnreachableError unless Redis answers +PONG within 5 s. */
export async function checkRedis(url: string = REDIS_URL): Promise<void> {
  const { host, port } = parseRedisUrl(url);
  const socket = net.createConnection({ host, port });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        let got = '';
        socket.once('error', reject);
        socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
        socket.on('data', (chunk) => {
          got += chunk.toString('latin1');
          if (got.includes('\r\n')) {
            if (got.startsWith('+PONG')) resolve();
            else reject(new Error(`unexpected reply to PING: ${JSON.stringify(got.trim())}`));
          }
        });
        socket.once('close', () => reject(new Error('connection closed before PONG')));
      }),
      5000,
      'PING',
    );
  } catch (err) {
    throw new ServiceUnreachableError('Redis', redactUrl(url), err);
  } finally {
    socket.destroy();
  }
}

/** Polls `check` every `intervalMs` until it is true; returns performance.now() at the moment it was seen true. */
export async function pollUntil(check: () => Promise<boolean>, intervalMs: number, timeoutMs: number, what: string): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return performance.now();
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** A promise with its resolve function, for "wait until the handler saw X". */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A number from the environment (for tuning experiments), or the default. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got ${JSON.stringify(raw)}`);
  return n;
}

/** Diagnostics to stderr when PEER_DEBUG=1 (stdout carries only the result line). */
export function debug(msg: string): void {
  if (process.env.PEER_DEBUG === '1') process.stderr.write(msg + '\n');
}
