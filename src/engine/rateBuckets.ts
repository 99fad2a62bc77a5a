/**
 * Token buckets by key, the port behind the HTTP API's limits and the sockets' upgrade limit (owned here, with the
 * other storage ports, so the stores may implement it without loading HTTP). In this process's
 * memory by default (MemoryRateBuckets); in Redis when the nodes share one (src/store's RedisRateBuckets), so a
 * caller's limit holds across nodes.
 */

/** What one take of a token told. */
export interface BucketTake {
  /** Whether a token was taken (the request may go on). */
  taken: boolean;
  /** Tokens taken: 0 when refused, else 1 up to the `most` asked for (as many as the bucket held). */
  count: number;
  /** Whole tokens left in the bucket after this take. */
  remaining: number;
  /** When refused: ms until a token is there; 0 when taken. */
  retryAfterMs: number;
  /** Ms until the bucket is full again. */
  resetMs: number;
}

/** Token buckets by key: each refilled at `perSecond`, holding at most `burst`; a new bucket starts full. */
export interface RateBuckets {
  /** Takes one token of bucket `key`, or up to `most` when it holds more (a node leasing a few at once). */
  take(key: string, perSecond: number, burst: number, most?: number): Promise<BucketTake>;
}

/**
 * One take from a bucket holding `tokens` once refilled: up to `most` whole tokens (at least one, when there is one).
 * The arithmetic every implementation shares (Redis's script takes the same count).
 */
export function bucketTake(tokens: number, perSecond: number, burst: number, most = 1): BucketTake {
  const count = tokens >= 1 ? Math.min(Math.max(1, Math.floor(most)), Math.floor(tokens)) : 0;
  return bucketAfterTake(count, tokens - count, perSecond, burst);
}

/** What a take of `count` tokens (0: refused) that left `left` in the bucket tells. */
export function bucketAfterTake(count: number, left: number, perSecond: number, burst: number): BucketTake {
  const taken = count > 0;
  return {
    taken,
    count,
    remaining: Math.floor(left),
    retryAfterMs: taken ? 0 : Math.max(1, Math.ceil(((1 - left) * 1000) / perSecond)),
    resetMs: Math.ceil(((burst - left) * 1000) / perSecond),
  };
}
