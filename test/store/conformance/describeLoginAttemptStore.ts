/**
 * The conformance suite of the log-in failure counts (src/auth/loginAttempts.ts): the same tests on SQLite, on
 * PostgreSQL and on Redis. Two handles on one backend stand for two nodes sharing it. Locks are checked as bounds
 * (the store's clock runs between two calls), expiry by waiting for it with short windows, never by sleeping.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loginLockFor, type LoginAttemptStore, type LoginFailurePolicy } from '../../../src/auth/index.js';

/** Two handles on one fresh backend, and how to close them. */
export interface LoginAttemptPair {
  a: LoginAttemptStore;
  b: LoginAttemptStore;
  close(): Promise<void>;
}

/** 3 failures in a minute, then 10 s doubling up to 40 s. */
const POLICY: LoginFailurePolicy = { maxFailures: 3, windowMs: 60_000, lockBaseMs: 10_000, lockMaxMs: 40_000 };

/** Reserves an attempt that must be counted (the key not locked); answers the lock its count began, ms. */
async function fail(store: LoginAttemptStore, key: string, policy: LoginFailurePolicy): Promise<number> {
  const reservation = await store.reserveLoginAttempt(key, policy);
  expect(reservation.counted, 'the attempt is counted').toBe(true);
  return reservation.lockMs;
}

/** Registers the suite for one backend. */
export function describeLoginAttemptStore(name: string, open: () => Promise<LoginAttemptPair>): void {
  describe(`login attempt conformance: ${name}`, () => {
    let pair: LoginAttemptPair;
    let key: string;
    beforeEach(async () => {
      pair = await open();
      key = `name:user-${randomBytes(4).toString('hex')}`;
    });
    afterEach(async () => {
      await pair.close();
    });

    it('failures below the limit lock nothing; the limit-th locks for the first lock, whichever handle counted them', async () => {
      expect(await pair.a.loginLockMs([key])).toBe(0);
      expect(await fail(pair.a, key, POLICY)).toBe(0);
      expect(await fail(pair.b, key, POLICY)).toBe(0);
      expect(await pair.a.loginLockMs([key])).toBe(0);
      const lock = await fail(pair.b, key, POLICY);
      expect(lock).toBeGreaterThan(9_000);
      expect(lock).toBeLessThanOrEqual(10_000);
      const seen = await pair.a.loginLockMs([key]);
      expect(seen).toBeGreaterThan(9_000);
      expect(seen).toBeLessThanOrEqual(lock);
    });

    it('while locked, an attempt is refused with the lock in force and not counted', async () => {
      for (let i = 0; i < 3; i++) await fail(i % 2 ? pair.a : pair.b, key, POLICY);
      for (const store of [pair.a, pair.b]) {
        const refused = await store.reserveLoginAttempt(key, POLICY);
        expect(refused.counted).toBe(false);
        expect(refused.lockMs).toBeGreaterThan(9_000);
        expect(refused.lockMs).toBeLessThanOrEqual(10_000);
      }
      // The refusals counted nothing: the lock is still the first one (10 s), not doubled.
      expect(await pair.a.loginLockMs([key])).toBeLessThanOrEqual(10_000);
    });

    it('each failure past the limit (once the lock is over) doubles the lock, up to the longest', async () => {
      const quick = { maxFailures: 2, windowMs: 60_000, lockBaseMs: 200, lockMaxMs: 800 };
      const expected = [1, 2, 3, 4, 5].map((n) => loginLockFor(n, quick));
      expect(expected).toEqual([0, 200, 400, 800, 800]);
      for (let i = 0; i < expected.length; i++) {
        await vi.waitFor(async () => expect(await pair.a.loginLockMs([key])).toBe(0), { timeout: 5_000, interval: 20 });
        const lock = await fail(i % 2 ? pair.a : pair.b, key, quick);
        expect(lock, `failure ${i + 1}`).toBeLessThanOrEqual(expected[i]!);
        expect(lock, `failure ${i + 1}`).toBeGreaterThan(expected[i]! - 150);
      }
    });

    it('parallel attempts on both handles: exactly the limit are counted, the rest refused (in-flight attempts count)', async () => {
      const reservations = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? pair.a : pair.b).reserveLoginAttempt(key, POLICY)),
      );
      expect(reservations.filter((r) => r.counted)).toHaveLength(POLICY.maxFailures);
      for (const r of reservations.filter((r) => !r.counted)) expect(r.lockMs).toBeGreaterThan(0);
    });

    it('a release takes one counted attempt back; below the limit the lock goes with it', async () => {
      for (let i = 0; i < 3; i++) await fail(pair.a, key, POLICY);
      expect(await pair.a.loginLockMs([key])).toBeGreaterThan(9_000);
      await pair.b.releaseLoginAttempt(key, POLICY);
      expect(await pair.a.loginLockMs([key])).toBe(0);
      // Two failures remain: the next attempt is the third and locks again.
      expect(await fail(pair.b, key, POLICY)).toBeGreaterThan(9_000);
      // Releasing a key with no count changes nothing.
      const unknown = `name:nobody-${randomBytes(4).toString('hex')}`;
      await pair.a.releaseLoginAttempt(unknown, POLICY);
      expect(await fail(pair.a, unknown, POLICY)).toBe(0);
    });

    it('failures counted at once on both handles all count (atomic)', async () => {
      const policy = { ...POLICY, maxFailures: 40 };
      await Promise.all(Array.from({ length: 40 }, (_, i) => fail(i % 2 ? pair.a : pair.b, key, policy)));
      const lock = await pair.a.loginLockMs([key]);
      expect(lock).toBeGreaterThan(9_000);
      expect(lock).toBeLessThanOrEqual(10_000);
    });

    it('the lock asked about is the longest among the keys; other keys are untouched', async () => {
      const other = `addr:10.0.0.${randomBytes(1)[0]}-${randomBytes(4).toString('hex')}`;
      for (let i = 0; i < 3; i++) await fail(pair.a, key, POLICY);
      expect(await pair.b.loginLockMs([other])).toBe(0);
      expect(await pair.b.loginLockMs([other, key])).toBeGreaterThan(9_000);
      expect(await pair.b.loginLockMs([])).toBe(0);
    });

    it('a reset forgets the failures and the lock, on every handle', async () => {
      for (let i = 0; i < 3; i++) await fail(pair.a, key, POLICY);
      await pair.b.resetLoginFailures(key);
      expect(await pair.a.loginLockMs([key])).toBe(0);
      // Counting starts again from nothing.
      expect(await fail(pair.a, key, POLICY)).toBe(0);
      await pair.b.resetLoginFailures(`name:nobody-${randomBytes(4).toString('hex')}`);
    });

    it('once the window is over, the count starts again', async () => {
      const short = { ...POLICY, windowMs: 300 };
      const since = Date.now();
      expect(await fail(pair.a, key, short)).toBe(0);
      expect(await fail(pair.a, key, short)).toBe(0);
      // The window is a span of time: wait until it has passed (with a margin for the store's clock), then a third
      // failure is a first one again and locks nothing.
      await vi.waitFor(() => expect(Date.now() - since).toBeGreaterThan(short.windowMs + 100), { timeout: 5_000, interval: 50 });
      expect(await fail(pair.b, key, short)).toBe(0);
      expect(await fail(pair.b, key, short)).toBe(0);
      expect(await fail(pair.b, key, short)).toBeGreaterThan(0);
    });

    it('a lock ends by itself; a failure right after it still counts and doubles it (the window outlasts the lock)', async () => {
      const quick = { maxFailures: 2, windowMs: 200, lockBaseMs: 400, lockMaxMs: 10_000 };
      await fail(pair.a, key, quick);
      expect(await fail(pair.a, key, quick)).toBeGreaterThan(0);
      await vi.waitFor(async () => expect(await pair.b.loginLockMs([key])).toBe(0), { timeout: 5_000, interval: 50 });
      const doubled = await fail(pair.b, key, quick);
      expect(doubled).toBeGreaterThan(400);
      expect(doubled).toBeLessThanOrEqual(800);
    });
  });
}
