/**
 * The behaviour every RateBuckets (src/engine/rateBuckets.ts) shares, run on memory and on Redis: a bucket starts full,
 * a take of up to `most` takes what is there, an empty one refuses and tells the wait. Two handles on one backend
 * stand for two nodes. At 1 token a second the few ms between the steps refill nothing whole.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateBuckets } from '../../src/engine/index.js';

/** Two handles on one fresh backend (the same one twice for memory), and how to close them. */
export interface RateBucketPair {
  a: RateBuckets;
  b: RateBuckets;
  close(): Promise<void>;
}

/** Registers the suite for one backend. */
export function describeRateBuckets(name: string, open: () => Promise<RateBucketPair>): void {
  describe(`rate buckets: ${name}`, () => {
    let pair: RateBucketPair;
    let key: string;
    beforeEach(async () => {
      pair = await open();
      key = `user:${randomBytes(4).toString('hex')}`;
    });
    afterEach(() => pair.close());

    it('a new bucket is full; takes of one and of several count down, across handles; empty, it refuses and tells the wait', async () => {
      expect(await pair.a.take(key, 1, 10)).toMatchObject({ taken: true, count: 1, remaining: 9, retryAfterMs: 0 });
      expect(await pair.b.take(key, 1, 10, 4)).toMatchObject({ taken: true, count: 4, remaining: 5 });
      expect(await pair.a.take(key, 1, 10, 10)).toMatchObject({ taken: true, count: 5, remaining: 0 });
      const refused = await pair.b.take(key, 1, 10, 3);
      expect(refused).toMatchObject({ taken: false, count: 0, remaining: 0 });
      expect(refused.retryAfterMs).toBeGreaterThan(900);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
      expect(refused.resetMs).toBeGreaterThan(9_000);
      expect(refused.resetMs).toBeLessThanOrEqual(10_000);
    });

    it('each key is a bucket of its own', async () => {
      await pair.a.take(key, 1, 2, 2);
      expect((await pair.a.take(key, 1, 2)).taken).toBe(false);
      expect((await pair.b.take(`${key}:other`, 1, 2)).taken).toBe(true);
    });
  });
}
