/**
 * The shared pace of requests to a 1C base (ONEC_MAX_RPS): a token bucket per OData base URL in the database, so every
 * task on every node draws from the same one. Implemented by both backends; conformance suite:
 * test/store/conformance/describeRequestBucketStore.ts.
 */

/** Token buckets of the requests to each 1C base, and 1C's Retry-After holds. */
export interface RequestBucketStore {
  /**
   * Takes one token of bucket `key` (refilled at `ratePerSecond` since it was last taken, holding at most `burst`;
   * a new bucket starts full) with one guarded upsert. Returns 0 when taken, else the ms until one could be: the
   * bucket is empty, or a hold (holdRequests) is not over.
   */
  takeRequestToken(key: string, ratePerSecond: number, burst: number): Promise<number>;
  /** Nothing is taken from bucket `key` for the next `ms`; a hold ending later already there is kept. */
  holdRequests(key: string, ms: number): Promise<void>;
}

/** A bucket row as read back after a refused take. */
export interface BucketState {
  tokens: number;
  updated_ms: number;
  not_before_ms: number;
  now_ms: number;
}

/** Ms until a refused take could succeed: the hold's end, or the time to refill to one token, whichever is later. */
export function waitForToken(row: BucketState | undefined, ratePerSecond: number, burst: number): number {
  // The row vanished between the two statements (nobody deletes them, but be safe): try again at once.
  if (!row) return 1;
  const refilled = Math.min(burst, row.tokens + (Math.max(0, row.now_ms - row.updated_ms) * ratePerSecond) / 1000);
  const refill = refilled >= 1 ? 0 : ((1 - refilled) * 1000) / ratePerSecond;
  return Math.max(1, Math.ceil(Math.max(row.not_before_ms - row.now_ms, refill)));
}
