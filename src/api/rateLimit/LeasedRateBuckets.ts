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
}

/**
 * Shared buckets (Redis) taken from a few tokens at a time: a node asks for up to a tenth of the burst at once and
 * spends them on the caller's next requests within {@link LEASE_MS}, so most requests make no round trip. A token
 * is still taken from the shared bucket before it is spent, so the nodes together never pass the limit; a node's
 * unused lease is dropped, so a caller spreading requests over nodes may get a little less than the limit (at most a
 * tenth of the burst per node per second). With a burst under 20 nothing is leased: every take asks the store.
 */
export class LeasedRateBuckets implements RateBuckets {
  readonly #leases = new Map<string, Lease>();

  constructor(private readonly shared: RateBuckets) {}

  async take(key: string, perSecond: number, burst: number): Promise<BucketTake> {
    const now = performance.now();
    const lease = this.#leases.get(key);
    if (lease && lease.until > now && lease.left > 0) {
      lease.left--;
      if (lease.left === 0) this.#leases.delete(key);
      return { taken: true, count: 1, remaining: lease.sharedRemaining + lease.left, retryAfterMs: 0, resetMs: lease.resetMs };
    }
    if (lease) this.#leases.delete(key);
    const most = leaseSize(burst);
    const take = await this.shared.take(key, perSecond, burst, most);
    if (take.count > 1) {
      this.#leases.set(key, { left: take.count - 1, until: now + LEASE_MS, sharedRemaining: take.remaining, resetMs: take.resetMs });
      if (this.#leases.size > 100_000) this.#sweep(now);
    }
    return { ...take, count: take.taken ? 1 : 0, remaining: take.remaining + Math.max(0, take.count - 1) };
  }

  #sweep(now: number): void {
    for (const [key, lease] of this.#leases) if (lease.until <= now) this.#leases.delete(key);
  }
}
