import { afterEach, describe, expect, test, vi } from 'vitest';
import type { BucketTake, RateBuckets } from '../../engine/index.js';
import { describeRateBuckets } from '../../../test/support/describeRateBuckets.js';
import { LeasedRateBuckets, leaseSize } from './LeasedRateBuckets.js';
import { MemoryRateBuckets } from './MemoryRateBuckets.js';

afterEach(() => vi.useRealTimers());

describeRateBuckets('MemoryRateBuckets', async () => {
  const buckets = new MemoryRateBuckets();
  return { a: buckets, b: buckets, close: async () => {} };
});

/** A shared store (memory here) that counts the calls made to it, as round trips to Redis. */
function counted(): RateBuckets & { calls: number } {
  const store = new MemoryRateBuckets();
  const counter = {
    calls: 0,
    take(key: string, perSecond: number, burst: number, most?: number): Promise<BucketTake> {
      counter.calls++;
      return store.take(key, perSecond, burst, most);
    },
  };
  return counter;
}

describe('LeasedRateBuckets', () => {
  test('a node leases a tenth of the burst: 100 requests, 10 calls to the shared store (and one refused refill)', async () => {
    const shared = counted();
    const node = new LeasedRateBuckets(shared);
    const takes = [];
    for (let i = 0; i < 100; i++) takes.push(await node.take('u', 20, 100));
    expect(takes.every((t) => t.taken && t.count === 1)).toBe(true);
    // The 10 leases, and the refill asked for when the last lease was half spent, which the empty bucket refused.
    expect(shared.calls).toBe(11);
    expect(takes.map((t) => t.remaining).slice(0, 3)).toEqual([99, 98, 97]);
    expect((await node.take('u', 20, 100)).taken).toBe(false);
    expect(shared.calls).toBe(12);
  });

  test('nodes sharing a store never pass the limit together; an unused lease is dropped after a second', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const shared = counted();
    const nodes = [new LeasedRateBuckets(shared), new LeasedRateBuckets(shared), new LeasedRateBuckets(shared)];
    let granted = 0;
    for (let i = 0; i < 300; i++) if ((await nodes[i % 3]!.take('u', 20, 100)).taken) granted++;
    expect(granted).toBeLessThanOrEqual(100);
    // Leases taken but not spent are lost, never spent late: a second on, only the refill is there.
    vi.advanceTimersByTime(1_000);
    let later = 0;
    for (let i = 0; i < 300; i++) if ((await nodes[i % 3]!.take('u', 20, 100)).taken) later++;
    expect(later).toBeLessThanOrEqual(20);
  });

  test('the next lease is asked for when half of one is spent: a steady caller never waits for the shared store', async () => {
    const store = new MemoryRateBuckets();
    const asked: { resolve: () => void; count: number }[] = [];
    // A shared store that answers only when told to, as Redis answering late.
    const slow: RateBuckets = {
      take: (key, perSecond, burst, most) =>
        new Promise<BucketTake>((resolve) => {
          const entry = { count: 0, resolve: () => {} };
          entry.resolve = () => void store.take(key, perSecond, burst, most).then((t) => resolve(((entry.count = t.count), t)));
          asked.push(entry);
        }),
    };
    const node = new LeasedRateBuckets(slow);
    const first = node.take('u', 1000, 100);
    expect(asked).toHaveLength(1);
    asked[0]!.resolve();
    expect((await first).taken).toBe(true);
    // Takes 2–4 spend the lease of 10 down to 6, the 5th to 5, half: it asks for the next. None of them waits (a take
    // still unanswered when the event loop has turned is null here).
    const unanswered = async (p: Promise<BucketTake>) => Promise.race([p, new Promise<null>((r) => setImmediate(() => r(null)))]);
    for (let i = 2; i <= 4; i++) expect((await unanswered(node.take('u', 1000, 100)))?.taken).toBe(true);
    expect(asked).toHaveLength(1);
    expect((await unanswered(node.take('u', 1000, 100)))?.taken).toBe(true);
    expect(asked).toHaveLength(2);
    asked[1]!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(asked[1]!.count).toBe(10);
    // The refill joined the lease: 5 left + 10, spent without a wait; the next refill is asked for on the way.
    for (let i = 0; i < 14; i++) expect((await unanswered(node.take('u', 1000, 100)))?.taken).toBe(true);
    expect(asked).toHaveLength(3);
  });

  test('a leased token is taken synchronously; without a lease the caller must ask the shared store', async () => {
    const shared = counted();
    const node = new LeasedRateBuckets(shared);
    expect(node.takeLeased('u', 20, 100)).toBeNull();
    expect(shared.calls).toBe(0);
    expect(await node.take('u', 20, 100)).toMatchObject({ taken: true, count: 1, remaining: 99 });
    // The other 9 of the lease of 10, each answered at once (no promise); the 5th left asks for the next lease.
    const leased = Array.from({ length: 9 }, () => node.takeLeased('u', 20, 100));
    expect(leased.map((t) => t?.remaining)).toEqual([98, 97, 96, 95, 94, 93, 92, 91, 90]);
    expect(shared.calls).toBe(2);
    await Promise.resolve(); // the refill's answer (memory answers in the same turn)
    expect(node.takeLeased('u', 20, 100)).toMatchObject({ taken: true, count: 1 });
    expect(node.takeLeased('other', 20, 100)).toBeNull();
  });

  test('a burst under 20 leases nothing: every take asks the store', async () => {
    expect([1, 5, 19, 20, 100, 1000].map(leaseSize)).toEqual([1, 1, 1, 2, 10, 100]);
    const shared = counted();
    const node = new LeasedRateBuckets(shared);
    for (let i = 0; i < 5; i++) await node.take('u', 1, 10);
    expect(shared.calls).toBe(5);
  });
});
