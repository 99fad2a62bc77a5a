import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters, stored in every hash (`scrypt$N$r$p$salt$key`). */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/**
 * The parameters of new hashes: OWASP's current minimum for scrypt (N=2^17, r=8, p=1). One hash needs
 * 128·N·r = 128 MiB and takes about 0.3 s on this 2-core machine. Older hashes (N=2^15 before) still verify,
 * with the parameters stored in them, and are rehashed with these at the owner's next successful log-in.
 */
export const SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** Stored hashes above this cost are refused rather than computed (a damaged or hostile row must not take GBs). */
const MAX_N = 2 ** 20;

// Node refuses scrypt above `maxmem` (32 MiB by default, below 2^17's 128 MiB): allow what the parameters need.
const maxmem = (n: number, r: number, p: number) => 128 * n * r + 128 * r * p + 1024 * 1024;

// Each hash holds 128 MiB while it runs on libuv's thread pool (4 threads); a burst of log-ins would hold
// 512 MiB at once and starve file system work queued behind it. Two at a time bounds it to 256 MiB; the
// others wait their turn (a log-in answers in about 0.3 s per hash ahead of it).
let running = 0;
let maxRunning = 2;
const queue: (() => void)[] = [];

/** How many password hashes may run at once (TASKCAST_PASSWORD_HASH_CONCURRENCY). */
export function setPasswordHashConcurrency(n: number): void {
  maxRunning = Math.max(1, Math.floor(n));
  while (running < maxRunning && queue.length > 0) {
    running++;
    queue.shift()!();
  }
}

async function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  if (running >= maxRunning) await new Promise<void>((resolve) => queue.push(resolve));
  else running++;
  try {
    return await new Promise((resolve, reject) =>
      scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
    );
  } finally {
    const next = queue.shift();
    if (next) next();
    else running--;
  }
}

/** Hashes a password: `scrypt$N$r$p$salt$hash` (base64); `params` only for tests that need an older cost. */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const { N, r, p } = params;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: maxmem(N, r, p) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algo, n, r, p, saltB64, keyB64] = stored.split('$');
  if (algo !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  // A key part that decodes to (almost) nothing would compare equal to a zero-length scrypt output for any password.
  if (expected.length < 16) return false;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (!(N <= MAX_N) || !(R <= 64) || !(P <= 16)) return false;
  let key: Buffer;
  try {
    key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { N, r: R, p: P, maxmem: maxmem(N, R, P) });
  } catch {
    return false; // parameters scrypt refuses: a damaged hash verifies nothing (rather than a 500 at login)
  }
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when a stored hash was made with other parameters than new hashes get (so it is rehashed at log-in). */
export function needsRehash(stored: string): boolean {
  const [algo, n, r, p] = stored.split('$');
  return algo !== 'scrypt' || Number(n) !== SCRYPT_PARAMS.N || Number(r) !== SCRYPT_PARAMS.r || Number(p) !== SCRYPT_PARAMS.p;
}

/** A random password for generated accounts (base64url, 18 bytes → 24 characters). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
