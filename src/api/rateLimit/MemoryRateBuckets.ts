import { bucketTake, type BucketTake, type RateBuckets } from '../../engine/index.js';

interface Bucket {
  tokens: number;
  /** performance.now() of the last take. */
  at: number;
  /** Ms for the bucket to refill completely (known at the last take), to drop full ones. */
  fullAfter: number;
}

/** Buckets kept before the first sweep of full ones; the next sweep comes at twice what was left. */
const FIRST_SWEEP_AT = 10_000;

/**
 * Token buckets in this process's memory: the limits of a single node (or of each node alone). Refilled lazily
 * from the clock; a bucket that has refilled completely is the same as none, so full ones are dropped once the map
 * grows (memory is bounded by the callers active within the last `burst / perSecond` seconds).
 */
export class MemoryRateBuckets implements RateBuckets {
  readonly #buckets = new Map<string, Bucket>();
  #sweepAt = FIRST_SWEEP_AT;

  take(key: string, perSecond: number, burst: number, most = 1): Promise<BucketTake> {
    return Promise.resolve(this.takeNow(key, perSecond, burst, most));
  }

  /** {@link take}, synchronously. */
  takeNow(key: string, perSecond: number, burst: number, most = 1): BucketTake {
    const now = performance.now();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#sweepAt) this.#sweep(now);
      bucket = { tokens: burst, at: now, fullAfter: 0 };
      this.#buckets.set(key, bucket);
    }
    const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * perSecond) / 1000);
    const result = bucketTake(tokens, perSecond, burst, most);
    bucket.tokens = tokens - result.count;
    bucket.at = now;
    bucket.fullAfter = result.resetMs;
    return result;
  }

  /** Buckets held (for tests). */
  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) if (now - bucket.at >= bucket.fullAfter) this.#buckets.delete(key);
    this.#sweepAt = Math.max(FIRST_SWEEP_AT, this.#buckets.size * 2);
  }
}
