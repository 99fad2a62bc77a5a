import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt is memory-hard and ships with Node, so no native add-on is needed. N=2^15, r=8 uses 32 MiB
// per hash (OWASP's minimum recommendation for scrypt is N=2^17 with r=8,p=1 or equivalent cost
// trade-offs; 2^15 keeps a login around 100 ms on this 2-core machine). Parameters are stored in the
// hash, so they can be raised later without invalidating existing passwords.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const maxmem = (n: number, r: number) => 256 * n * r;

/** Hashes a password: `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algo, n, r, p, saltB64, keyB64] = stored.split('$');
  if (algo !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  // A key part that decodes to (almost) nothing would compare equal to a zero-length scrypt output for any password.
  if (expected.length < 16) return false;
  let key: Buffer;
  try {
    key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: maxmem(Number(n), Number(r)),
    });
  } catch {
    return false; // parameters scrypt refuses: a damaged hash verifies nothing (rather than a 500 at login)
  }
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A random password for generated accounts (base64url, 18 bytes → 24 characters). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
