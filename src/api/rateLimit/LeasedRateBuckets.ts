import type { BucketTake, RateBuckets } from '../../engine/index.js';

/** How long tokens leased by this node stay usable, ms; unused ones are then dropped (never given back). */
const LEASE_MS = 1_000;

/** A lease holds what this node's caller is expected to spend in this long, at the rate it spent the last one, ms. */
const HORIZON_MS = 250;

/** A key's state is forgotten once nothing was taken for it this long (when many keys are held), ms. */
const FORGET_MS = 60_000;

/**
 * The most tokens one node takes from a shared bucket at once: half the burst; 1 for a burst under 20, so a small
 * bucket is never leased (each take asks the store, and its RateLimit header counts exactly across the nodes).
 */
export function leaseCap(burst: number): number {
  return burst < 20 ? 1 : Math.floor(burst / 2);
}

/**
 * Tokens to ask for at once: what the caller would spend in {@link HORIZON_MS} at the rate it spent `spent` tokens
 * over `elapsedMs` (since this node's previous take of the key), at least 1, at most {@link leaseCap}.
 */
export function leaseSize(spent: number, elapsedMs: number, burst: number): number {
  const expected = Math.ceil((spent * HORIZON_MS) / Math.max(elapsedMs, 1));
  return Math.min(leaseCap(burst), Math.max(1, expected));
}

interface Lease {
  /** Leased tokens not spent yet (0: the next take asks the shared store). */
  left: number;
  until: number;
  /** The shared bucket's whole tokens after the last take, for the headers. */
  sharedRemaining: number;
  resetMs: number;
  /** When this node last took tokens of the key from the shared store, and how many it spent since. */
  takenAt: number;
  spent: number;
  /** The size of the last take asked for (the next is asked for in the background when half of it is left). */
  size: number;
  /** A take of the next lease is under way. */
  refilling: boolean;
  /** The shared bucket refused a refill: no more are asked for (the take after the last token asks in the foreground). */
  refused: boolean;
}

/**
 * Shared buckets (Redis) taken from a few tokens at a time, as many as the caller spends at this node: a node asks
 * for what the caller would spend in the next {@link HORIZON_MS} at the rate it spent the previous ones (at least 1,
 * at most half the burst; nothing under a burst of 20) and spends them on the caller's next requests within
 * {@link LEASE_MS}, so a busy caller's requests make no round trip. When half a lease is left the next one is asked
 * for in the background, so a steady caller's requests do not wait for Redis at all. A caller making a few requests
 * a second leases nothing: each of its requests takes one token in the foreground. A token is still taken from the
 * shared bucket before it is spent, so the nodes together never pass the limit; a node's unused lease is dropped
 * after a second, a quarter of a second of the caller's requests at most, so a caller spreading requests over nodes
 * keeps its burst. (A fixed lease of a tenth of the burst did not: at 5 requests a second on each of three nodes,
 * each node drew 10 tokens a second and dropped half, and the bucket ran dry.)
 */
export class LeasedRateBuckets implements RateBuckets {
  readonly #leases = new Map<string, Lease>();
  /** When keys may next be forgotten (at most a scan a second). */
  #forgetAfter = 0;

  constructor(private readonly shared: RateBuckets) {}

  /**
   * A token from this node's lease of `key`, without waiting: null when there is none left (or it expired), and
   * {@link take} must ask the shared store. Most of a busy caller's requests are answered here, synchronously.
   */
  takeLeased(key: string, perSecond: number, burst: number): BucketTake | null {
    const lease = this.#leases.get(key);
    if (!lease || lease.left <= 0) return null;
    if (lease.until <= performance.now()) {
      lease.left = 0;
      return null;
    }
    lease.left--;
    lease.spent++;
    if (lease.size > 1 && lease.left * 2 <= lease.size && !lease.refilling && !lease.refused) this.#refill(key, lease, perSecond, burst);
    return { taken: true, count: 1, remaining: lease.sharedRemaining + lease.left, retryAfterMs: 0, resetMs: lease.resetMs };
  }

  async take(key: string, perSecond: number, burst: number): Promise<BucketTake> {
    const leased = this.takeLeased(key, perSecond, burst);
    if (leased) return leased;
    const now = performance.now();
    const previous = this.#leases.get(key);
    // A key's first take asks for one token; a later one for what the caller spent since the previous take, this one
    // included, would come to in HORIZON_MS.
    const size = previous ? leaseSize(previous.spent + 1, now - previous.takenAt, burst) : 1;
    const take = await this.shared.take(key, perSecond, burst, size);
    const extra = Math.max(0, take.count - 1);
    const lease = this.#leases.get(key);
    if (lease?.refilling) {
      // A refill asked for by an earlier take is under way: it joins what this take leased when it comes.
      lease.left += extra;
      lease.spent += take.taken ? 1 : 0;
      Object.assign(lease, { until: now + LEASE_MS, sharedRemaining: take.remaining, resetMs: take.resetMs });
    } else {
      const until = now + LEASE_MS;
      this.#leases.set(key, {
        left: extra,
        until,
        sharedRemaining: take.remaining,
        resetMs: take.resetMs,
        takenAt: now,
        spent: 0,
        size,
        refilling: false,
        refused: false,
      });
      // Keys live a minute now (not a second): a scan on every new key past 100,000 would be 100,000 steps a request.
      if (!lease && this.#leases.size > 100_000 && now >= this.#forgetAfter) {
        this.#forgetAfter = now + 1_000;
        this.#forget(now);
      }
    }
    return { ...take, count: take.taken ? 1 : 0, remaining: take.remaining + extra };
  }

  /** Takes the next lease in the background and adds it to `lease` (a refusal or an error just leaves it be). */
  #refill(key: string, lease: Lease, perSecond: number, burst: number): void {
    const now = performance.now();
    lease.size = leaseSize(lease.spent, now - lease.takenAt, burst);
    lease.takenAt = now;
    lease.spent = 0;
    lease.refilling = true;
    this.shared.take(key, perSecond, burst, lease.size).then(
      (take) => {
        lease.refilling = false;
        if (!take.taken) {
          lease.refused = true;
          return;
        }
        const at = performance.now();
        // What was left of an expired lease is dropped; the refill starts a new one.
        if (lease.until <= at) lease.left = 0;
        lease.left += take.count;
        Object.assign(lease, { until: at + LEASE_MS, sharedRemaining: take.remaining, resetMs: take.resetMs });
      },
      () => {
        lease.refilling = false; // the shared store failed: the next take that needs it asks in the foreground
      },
    );
  }

  /** Forgets the keys nothing was taken for in {@link FORGET_MS}. */
  #forget(now: number): void {
    for (const [key, lease] of this.#leases) if (lease.takenAt + FORGET_MS <= now && !lease.refilling) this.#leases.delete(key);
  }
}
