// The pace of requests to one 1C base shared by every task and node (ONEC_MAX_RPS), and 1C's own "not now"
// (429/503 with Retry-After) passed on to all of them. The client owns this port; a token bucket kept in the
// database or in Redis implements it (TokenBucketGate over a TokenBucket).
import { abortableDelay } from './abortableDelay.js';
import { ODataAbortError } from './errors.js';

/** What the client asks before each HTTP attempt and tells after a Retry-After. */
export interface RateGate {
  /** Waits until one more request may be sent to this base, and counts it. */
  acquire(what: string, signal?: AbortSignal): Promise<void>;
  /** 1C asked to wait `ms` (429/503 Retry-After): nobody sends to this base before then. */
  holdFor(ms: number): Promise<void>;
}

/** A shared token bucket per base (implemented by the stores and by Redis). */
export interface TokenBucket {
  /**
   * Takes one token of bucket `key` (refilled at `ratePerSecond`, holding at most `burst`): 0 when taken, else the
   * ms to wait before trying again (no token yet, or a hold not over).
   */
  takeRequestToken(key: string, ratePerSecond: number, burst: number): Promise<number>;
  /** Nothing is taken from bucket `key` for the next `ms` (a later end wins over an earlier one). */
  holdRequests(key: string, ms: number): Promise<void>;
}

/** The longest single pause between two tries, ms: a hold shortened meanwhile is noticed this soon. */
const MAX_PAUSE_MS = 1_000;

/**
 * Bursts allowed by the bucket: a tenth of a second's worth, at least one. Kept small on purpose: any 1 s window then
 * holds at most ONEC_MAX_RPS + burst requests (a bucket of a full second would allow twice the rate).
 */
export function burstOf(ratePerSecond: number): number {
  return Math.max(1, Math.ceil(ratePerSecond / 10));
}

/** A {@link RateGate} over a shared {@link TokenBucket}, one bucket per base URL. */
export class TokenBucketGate implements RateGate {
  readonly #burst: number;

  constructor(
    private readonly bucket: TokenBucket,
    private readonly key: string,
    private readonly ratePerSecond: number,
  ) {
    this.#burst = burstOf(ratePerSecond);
  }

  async acquire(what: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new ODataAbortError(what, signal.reason);
      const waitMs = await this.bucket.takeRequestToken(this.key, this.ratePerSecond, this.#burst);
      if (waitMs <= 0) return;
      await abortableDelay(Math.min(MAX_PAUSE_MS, Math.max(1, Math.ceil(waitMs))), signal, () => new ODataAbortError(what, signal?.reason));
    }
  }

  holdFor(ms: number): Promise<void> {
    return this.bucket.holdRequests(this.key, ms);
  }
}
