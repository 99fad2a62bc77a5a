/**
 * The conformance suite of the request buckets (src/store/requestBucketTypes.ts): the same tests on SQLite, on
 * PostgreSQL and on Redis. Two handles on one backend stand for two nodes sharing it. Waits are checked as bounds
 * only (a token refused now, granted once the wait has passed), never as exact timings.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestBucketStore } from '../../../src/store/index.js';

/** Two handles on one fresh backend, and how to close them. */
export interface BucketPair {
  a: RequestBucketStore;
  b: RequestBucketStore;
  close(): Promise<void>;
}

/** Registers the suite for one backend. */
export function describeRequestBucketStore(name: string, open: () => Promise<BucketPair>): void {
  describe(`request bucket conformance: ${name}`, () => {
    let pair: BucketPair;
    let key: string;
    beforeEach(async () => {
      pair = await open();
      key = `http://1c-${randomBytes(4).toString('hex')}.test/base/odata/standard.odata/`;
    });
    afterEach(async () => {
      await pair.close();
    });

    it('a new bucket gives its burst at once, shared by both handles, then asks to wait at most a token’s time', async () => {
      // 1 token a second, burst 3: three takes succeed wherever they come from, the fourth is refused.
      expect(await pair.a.takeRequestToken(key, 1, 3)).toBe(0);
      expect(await pair.b.takeRequestToken(key, 1, 3)).toBe(0);
      expect(await pair.a.takeRequestToken(key, 1, 3)).toBe(0);
      const wait = await pair.b.takeRequestToken(key, 1, 3);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(1000);
      // Refused takes cost nothing: once the bucket refilled, a take succeeds again.
      await vi.waitFor(async () => expect(await pair.a.takeRequestToken(key, 1, 3)).toBe(0), { timeout: 10_000, interval: 100 });
    });

    it('buckets are per key', async () => {
      expect(await pair.a.takeRequestToken(key, 1, 1)).toBe(0);
      expect(await pair.a.takeRequestToken(key, 1, 1)).toBeGreaterThan(0);
      expect(await pair.b.takeRequestToken(`${key}other/`, 1, 1)).toBe(0);
    });

    it('a hold stops every handle until it ends, and a shorter later hold does not shorten it', async () => {
      expect(await pair.a.takeRequestToken(key, 100, 10)).toBe(0);
      await pair.a.holdRequests(key, 5_000);
      await pair.a.holdRequests(key, 100);
      const wait = await pair.b.takeRequestToken(key, 100, 10);
      // At least what is left of the 5 s hold (generous: the machine may be slow between the two calls).
      expect(wait).toBeGreaterThan(3_000);
      expect(wait).toBeLessThanOrEqual(5_000);
      expect(await pair.a.takeRequestToken(key, 100, 10)).toBeGreaterThan(3_000);
    });

    it('a hold on a bucket never taken from is kept too', async () => {
      await pair.b.holdRequests(key, 2_000);
      expect(await pair.a.takeRequestToken(key, 100, 10)).toBeGreaterThan(500);
      await vi.waitFor(async () => expect(await pair.a.takeRequestToken(key, 100, 10)).toBe(0), { timeout: 10_000, interval: 100 });
    });
  });
}
