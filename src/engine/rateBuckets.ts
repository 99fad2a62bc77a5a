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
  /** Whole tokens left in the bucket after this take. */
  remaining: number;
  /** When refused: ms until a token is there; 0 when taken. */
  retryAfterMs: number;
  /** Ms until the bucket is full again. */
  resetMs: number;
}

/** Token buckets by key: each refilled at `perSecond`, holding at most `burst`; a new bucket starts full. */
export interface RateBuckets {
  /** Takes one token of bucket `key`. */
  take(key: string, perSecond: number, burst: number): Promise<BucketTake>;
}

/** The state of one bucket after refilling it at `now`: the arithmetic both implementations share. */
export function bucketTake(tokens: number, perSecond: number, burst: number): BucketTake {
  const taken = tokens >= 1;
  const left = taken ? tokens - 1 : tokens;
  return {
    taken,
    remaining: Math.floor(left),
    retryAfterMs: taken ? 0 : Math.max(1, Math.ceil(((1 - left) * 1000) / perSecond)),
    resetMs: Math.ceil(((burst - left) * 1000) / perSecond),
  };
}
