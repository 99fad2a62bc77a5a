import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { LeasedRateBuckets } from './LeasedRateBuckets.js';
import { MemoryRateBuckets } from './MemoryRateBuckets.js';
import type { BucketTake, RateBuckets } from '../../engine/index.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store of @fastify/rate-limit that is a token bucket (its own stores count fixed windows, which let twice the
 * limit through across a window's edge). `max` is the bucket's size; the plugin's `current` is what the caller
 * used of it (`max + 1` when refused) and `ttl` the ms until the next token (refused) or until the bucket is full.
 */
export function tokenBucketStore(buckets: RateBuckets, perSecond: number): FastifyRateLimitStoreCtor {
  const answer = (take: BucketTake, burst: number) => ({
    current: take.taken ? burst - take.remaining : burst + 1,
    ttl: take.taken ? take.resetMs : take.retryAfterMs,
  });

  class TokenBucketStore implements FastifyRateLimitStore {
    incr(key: string, callback: Callback, _window: number, max: number): void {
      // In memory, or from this node's lease of a shared bucket, the answer is synchronous: no promise per request.
      if (buckets instanceof MemoryRateBuckets) return callback(null, answer(buckets.takeNow(key, perSecond, max), max));
      const leased = buckets instanceof LeasedRateBuckets ? buckets.takeLeased(key, perSecond, max) : null;
      if (leased) return callback(null, answer(leased, max));
      buckets.take(key, perSecond, max).then(
        (take) => callback(null, answer(take, max)),
        (error: unknown) => callback(error as Error),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return TokenBucketStore;
}
