import { LeasedRateBuckets } from './LeasedRateBuckets.js';
import { MemoryRateBuckets } from './MemoryRateBuckets.js';
import type { BucketTake, RateBuckets } from '../../engine/index.js';

/** After the shared buckets failed, how long this process limits callers alone before asking them again, ms. */
const FALLBACK_MS = 2_000;

/**
 * Shared buckets (Redis) with this process's memory standing in while they cannot be reached: a limit then holds per
 * node for a while rather than failing every request. `onError` hears each failure (to log it).
 */
export class FallbackRateBuckets implements RateBuckets {
  readonly #local = new MemoryRateBuckets();
  #localUntil = 0;

  constructor(
    private readonly shared: RateBuckets,
    private readonly onError: (error: unknown) => void,
  ) {}

  async take(key: string, perSecond: number, burst: number, most = 1): Promise<BucketTake> {
    if (performance.now() < this.#localUntil) return this.#local.takeNow(key, perSecond, burst, most);
    try {
      return await this.shared.take(key, perSecond, burst, most);
    } catch (error) {
      this.#localUntil = performance.now() + FALLBACK_MS;
      this.onError(error);
      return this.#local.takeNow(key, perSecond, burst, most);
    }
  }
}

/** `buckets` as the API uses them: memory as it is; shared ones leased a few tokens at a time, with the memory fallback. */
export function withFallback(buckets: RateBuckets, onError: (error: unknown) => void): RateBuckets {
  if (buckets instanceof MemoryRateBuckets || buckets instanceof LeasedRateBuckets) return buckets;
  return new LeasedRateBuckets(new FallbackRateBuckets(buckets, onError));
}
