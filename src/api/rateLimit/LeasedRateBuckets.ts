import type { BucketTake, RateBuckets } from '../../engine/index.js';

/** How long tokens leased by this node stay usable, ms; unused ones are then dropped (never given back). */
const LEASE_MS = 1_000;

/** Tokens one node takes from a shared bucket at once: a tenth of the burst, at least 1 (then nothing is leased). */
export function leaseSize(burst: number): number {
  return Math.max(1, Math.floor(burst / 10));
}

interface Lease {
  left: number;
  until: number;
  /** The shared bucket's whole tokens after the lease, for the headers. */
  sharedRemaining: number;
  resetMs: number;
  /** A take of the next lease is under way (started when half of this one is spent). */
  refilling: boolean;
  /** The shared bucket refused a refill: no more are asked for (the take after the last token asks in the foreground). */
  refused: boolean;
}

/**
 * Shared buckets (Redis) taken from a few tokens at a time: a node asks for up to a tenth of the burst at once and
 * spends them on the caller's next requests within {@link LEASE_MS}, so most requests make no round trip. When half
 * a lease is spent the next one is asked for in the background, so a steady caller's requests do not wait for Redis
 * at all (only the first, and one that finds the lease spent before the next arrived). A token is still taken from
 * the shared bucket before it is spent, so the nodes together never pass the limit; a node's unused lease is dropped,
 * so a caller spreading requests over nodes may get a little less than the limit (at most a tenth of the burst per
 * node per second, half again while a refill is under way). With a burst under 20 nothing is leased: every take
 * asks the store.
 */
export class LeasedRateBuckets implements RateBuckets {
  readonly #leases = new Map<string, Lease>();

  constructor(private readonly shared: RateBuckets) {}

  /**
   * A token from this node's lease of `key`, without waiting: null when there is none left (or it expired), and
   * {@link take} must ask the shared store. Most of a steady caller's requests are answered here, synchronously.
   */
  takeLeased(key: string, perSecond: number, burst: number): BucketTake | null {
    const lease = this.#leases.get(key);
    if (!lease) return null;
    if (lease.until <= performance.now() || lease.left <= 0) {
      this.#leases.delete(key);
      return null;
    }
    lease.left--;
    const most = leaseSize(burst);
    if (lease.left * 2 <= most && !lease.refilling && !lease.refused) this.#refill(key, lease, perSecond, burst, most);
    return { taken: true, count: 1, remaining: lease.sharedRemaining + lease.left, retryAfterMs: 0, resetMs: lease.resetMs };
  }

  async take(key: string, perSecond: number, burst: number): Promise<BucketTake> {
    const leased = this.takeLeased(key, perSecond, burst);
    if (leased) return leased;
    const now = performance.now();
    const most = leaseSize(burst);
    const take = await this.shared.take(key, perSecond, burst, most);
    if (take.count > 1) {
      this.#leases.set(key, {
        left: take.count - 1,
        until: now + LEASE_MS,
        sharedRemaining: take.remaining,
        resetMs: take.resetMs,
        refilling: false,
        refused: false,
      });
      if (this.#leases.size > 100_000) this.#sweep(now);
    }
    return { ...take, count: take.taken ? 1 : 0, remaining: take.remaining + Math.max(0, take.count - 1) };
  }

  /** Takes the next lease in the background and adds it to `lease` (a refusal or an error just leaves it be). */
  #refill(key: string, lease: Lease, perSecond: number, burst: number, most: number): void {
    lease.refilling = true;
    this.shared.take(key, perSecond, burst, most).then(
      (take) => {
        lease.refilling = false;
        if (!take.taken) {
          lease.refused = true;
          return;
        }
        const now = performance.now();
        const current = this.#leases.get(key);
        if (current === lease && lease.until > now) {
          lease.left += take.count;
        } else if (!current || current.until <= now) {
          this.#leases.set(key, { ...lease, left: take.count, refilling: false });
          lease = this.#leases.get(key)!;
        } else {
          // A foreground take replaced the lease meanwhile: the refill joins it.
          current.left += take.count;
          return;
        }
        lease.until = now + LEASE_MS;
        lease.sharedRemaining = take.remaining;
        lease.resetMs = take.resetMs;
      },
      () => {
        lease.refilling = false; // the shared store failed: the next take that needs it asks in the foreground
      },
    );
  }

  #sweep(now: number): void {
    for (const [key, lease] of this.#leases) if (lease.until <= now) this.#leases.delete(key);
  }
}
