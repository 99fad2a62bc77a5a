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

/** After the shared bucket failed, how long this process paces itself alone before asking the shared one again, ms. */
const FALLBACK_MS = 2_000;

/** The longest single pause between two tries, ms: a hold shortened meanwhile is noticed this soon. */
const MAX_PAUSE_MS = 1_000;

/**
 * Bursts allowed by the bucket: a tenth of a second's worth, at least one. Kept small on purpose: any 1 s window then
 * holds at most ONEC_MAX_RPS + burst requests (a bucket of a full second would allow twice the rate).
 */
export function burstOf(ratePerSecond: number): number {
  return Math.max(1, Math.ceil(ratePerSecond / 10));
}

/** A token bucket in this process's memory: the fallback while the shared one cannot be reached. */
export class LocalTokenBucket {
  #tokens: number;
  #updated = performance.now();
  #notBefore = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.#tokens = burst;
  }

  /** 0 when a token was taken, else the ms to wait. */
  take(): number {
    const now = performance.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updated) * this.ratePerSecond) / 1000);
    this.#updated = now;
    if (this.#tokens >= 1 && this.#notBefore <= now) {
      this.#tokens -= 1;
      return 0;
    }
    const refill = this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / this.ratePerSecond;
    return Math.max(1, Math.ceil(Math.max(this.#notBefore - now, refill)));
  }

  /** Nothing is taken for the next `ms`. */
  hold(ms: number): void {
    this.#notBefore = Math.max(this.#notBefore, performance.now() + ms);
  }
}

/**
 * A {@link RateGate} over a shared {@link TokenBucket}, one bucket per base URL. While the shared bucket cannot be
 * reached (the database restarting, SQLite locked by another process past its wait), this process paces itself alone
 * at the same rate instead of failing its reads of 1C: the limit then holds per process, not across them, until the
 * shared bucket answers again (asked again {@link FALLBACK_MS} after a failure, so a database locked for seconds costs
 * one failed statement per few seconds, not one per request). `onBucketError` hears each such failure (to log it).
 */
export class TokenBucketGate implements RateGate {
  readonly #burst: number;
  readonly #local: LocalTokenBucket;
  /** Until when (performance.now) the local bucket stands in for the shared one. */
  #localUntil = 0;

  constructor(
    private readonly bucket: TokenBucket,
    private readonly key: string,
    private readonly ratePerSecond: number,
    private readonly onBucketError: (error: unknown) => void = () => {},
  ) {
    this.#burst = burstOf(ratePerSecond);
    this.#local = new LocalTokenBucket(ratePerSecond, this.#burst);
  }

  async acquire(what: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new ODataAbortError(what, signal.reason);
      let waitMs: number;
      if (performance.now() < this.#localUntil) waitMs = this.#local.take();
      else {
        try {
          waitMs = await this.bucket.takeRequestToken(this.key, this.ratePerSecond, this.#burst);
        } catch (error) {
          this.#localUntil = performance.now() + FALLBACK_MS;
          this.onBucketError(error);
          waitMs = this.#local.take();
        }
      }
      if (waitMs <= 0) return;
      await abortableDelay(Math.min(MAX_PAUSE_MS, Math.max(1, Math.ceil(waitMs))), signal, () => new ODataAbortError(what, signal?.reason));
    }
  }

  async holdFor(ms: number): Promise<void> {
    this.#local.hold(ms);
    try {
      await this.bucket.holdRequests(this.key, ms);
    } catch (error) {
      this.onBucketError(error);
    }
  }
}
