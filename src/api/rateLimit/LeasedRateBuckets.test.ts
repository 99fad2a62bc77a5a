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

/** `ms` of fake time on (performance.now() is faked: leases and memory buckets read it). */
const pass = (ms: number) => vi.advanceTimersByTime(ms);

describe('LeasedRateBuckets', () => {
  test('a busy caller leases up to half the burst: 100 requests 1 ms apart make 4 calls to the shared store', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const shared = counted();
    const node = new LeasedRateBuckets(shared);
    const takes = [];
    for (let i = 0; i < 100; i++) {
      takes.push(await node.take('u', 0.001, 100));
      pass(1);
    }
    expect(takes.every((t) => t.taken && t.count === 1)).toBe(true);
    // A token for the first request; at 1,000 a second the second asks for 250 ms' worth, capped at 50; a refill of 50
    // (49 were left) when half of that was spent; and a refill when half of the next was spent, refused: empty.
    expect(shared.calls).toBe(4);
    expect(takes.map((t) => t.remaining).slice(0, 3)).toEqual([99, 98, 97]);
    expect((await node.take('u', 0.001, 100)).taken).toBe(false);
    expect(shared.calls).toBe(5);
  });

  test('a caller making a few requests a second leases nothing: each request takes its one token', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const shared = counted();
    const node = new LeasedRateBuckets(shared);
    for (let i = 0; i < 20; i++) {
      expect(await node.take('u', 20, 100)).toMatchObject({ taken: true, count: 1, remaining: 99 });
      pass(500);
    }
    expect(shared.calls).toBe(20);
  });

  test('nodes sharing a store never pass the limit together; an unused lease is dropped after a second', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const shared = counted();
    const nodes = [new LeasedRateBuckets(shared), new LeasedRateBuckets(shared), new LeasedRateBuckets(shared)];
    let granted = 0;
    for (let i = 0; i < 300; i++) if ((await nodes[i % 3]!.take('u', 20, 100)).taken) granted++;
    expect(granted).toBeLessThanOrEqual(100);
    // Leases taken but not spent are lost, never spent late: a second on, only the refill is there.
    pass(1_000);
    let later = 0;
    for (let i = 0; i < 300; i++) if ((await nodes[i % 3]!.take('u', 20, 100)).taken) later++;
    expect(later).toBeLessThanOrEqual(20);
  });

  test('a caller spreading requests over three nodes below its limit keeps its burst: the nodes lease what it spends', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const store = new MemoryRateBuckets();
    const nodes = [new LeasedRateBuckets(store), new LeasedRateBuckets(store), new LeasedRateBuckets(store)];
    // 15 requests a second against a limit of 20 (burst 100), each node every 200 ms, for 30 s.
    for (let i = 0; i < 450; i++) {
      expect((await nodes[i % 3]!.take('u', 20, 100)).taken).toBe(true);
      pass(200 / 3);
    }
    // What the nodes hold unspent is a request or two each, so the caller's burst is still there. (A fixed lease of a
    // tenth of the burst drew ten tokens for every five spent at each node: 30 a second, and the bucket ran dry.)
    expect((await store.take('u', 20, 100, 100)).count).toBeGreaterThanOrEqual(90);
  });

  test('the next lease is asked for when half of one is left: a steady caller never waits for the shared store', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const store = new MemoryRateBuckets();
    const asked: { resolve: () => void; most: number; count: number }[] = [];
    // A shared store that answers only when told to, as Redis answering late.
    const slow: RateBuckets = {
      take: (key, perSecond, burst, most = 1) =>
        new Promise<BucketTake>((resolve) => {
          const entry = { most, count: 0, resolve: () => {} };
          let done = false;
          entry.resolve = () => {
            if (!done) void store.take(key, perSecond, burst, most).then((t) => resolve(((entry.count = t.count), t)));
            done = true;
          };
          asked.push(entry);
        }),
    };
    const node = new LeasedRateBuckets(slow);
    const answered = async (p: Promise<BucketTake>) => {
      asked.at(-1)!.resolve();
      return p;
    };
    expect((await answered(node.take('u', 1000, 100))).taken).toBe(true);
    pass(10);
    // 100 a second: the second take asks for 250 ms' worth, 25 tokens (and spends one).
    expect((await answered(node.take('u', 1000, 100))).taken).toBe(true);
    expect(asked.map((a) => a.most)).toEqual([1, 25]);
    // A take still unanswered when the event loop has turned is null here.
    const unanswered = async (p: Promise<BucketTake>) => Promise.race([p, new Promise<null>((r) => setImmediate(() => r(null)))]);
    // 24 left: 12 takes without a wait, the 12th leaving half, so it asks for the next lease on the way.
    for (let i = 0; i < 12; i++) {
      pass(10);
      expect((await unanswered(node.take('u', 1000, 100)))?.taken).toBe(true);
      expect(asked).toHaveLength(i < 11 ? 2 : 3);
    }
    asked[2]!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(asked[2]).toMatchObject({ most: 25, count: 25 });
    // The refill joined the lease: spent without a wait, the next refills asked for on the way and answered.
    for (let i = 0; i < 60; i++) {
      pass(10);
      expect((await unanswered(node.take('u', 1000, 100)))?.taken).toBe(true);
      for (const a of asked) a.resolve();
      await new Promise((r) => setImmediate(r));
    }
    expect(asked.length).toBeLessThan(8);
  });

  test('a leased token is taken synchronously; without a lease the caller must ask the shared store', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const shared = counted();
    const node = new LeasedRateBuckets(shared);
    expect(node.takeLeased('u', 20, 100)).toBeNull();
    expect(shared.calls).toBe(0);
    expect(await node.take('u', 20, 100)).toMatchObject({ taken: true, count: 1, remaining: 99 });
    pass(25);
    // One request in 25 ms: 250 ms' worth is 10 tokens, one spent now, the others answered at once (no promise).
    expect(await node.take('u', 20, 100)).toMatchObject({ taken: true, count: 1, remaining: 98 });
    const leased = Array.from({ length: 4 }, () => node.takeLeased('u', 20, 100));
    expect(leased.map((t) => t?.remaining)).toEqual([97, 96, 95, 94]);
    expect(shared.calls).toBe(3); // the 5th left of 10 asked for the next lease
    expect(node.takeLeased('other', 20, 100)).toBeNull();
  });

  test('the lease follows the caller: at least one token, at most half the burst, none under a burst of 20', () => {
    // What 250 ms would take at the rate of `spent` tokens over `elapsed` ms.
    expect(leaseSize(1, 1_000, 100)).toBe(1);
    expect(leaseSize(1, 50, 100)).toBe(5);
    expect(leaseSize(5, 100, 100)).toBe(13);
    expect(leaseSize(1, 0.01, 100)).toBe(50);
    expect(leaseSize(1, 0.01, 20)).toBe(10);
    // A small bucket is not leased.
    expect(leaseSize(1, 0.01, 19)).toBe(1);
    expect(leaseSize(1, 0.01, 1)).toBe(1);
    expect(leaseSize(0, 10, 100)).toBe(1);
  });
});
