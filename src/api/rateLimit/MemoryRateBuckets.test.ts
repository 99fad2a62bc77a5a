import { afterEach, describe, expect, test, vi } from 'vitest';
import { MemoryRateBuckets } from './MemoryRateBuckets.js';

afterEach(() => vi.useRealTimers());

describe('MemoryRateBuckets', () => {
  test('a new bucket is full; each take counts down; empty, it tells when the next token comes and when it is full', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const buckets = new MemoryRateBuckets();
    expect([1, 2, 3].map(() => buckets.takeNow('k', 2, 3).remaining)).toEqual([2, 1, 0]);
    expect(buckets.takeNow('k', 2, 3)).toEqual({ taken: false, count: 0, remaining: 0, retryAfterMs: 500, resetMs: 1500 });
    vi.advanceTimersByTime(500);
    expect(buckets.takeNow('k', 2, 3)).toEqual({ taken: true, count: 1, remaining: 0, retryAfterMs: 0, resetMs: 1500 });
    // Another key has a bucket of its own.
    expect(buckets.takeNow('other', 2, 3).remaining).toBe(2);
  });

  test('never holds more than the burst, however long it was idle', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const buckets = new MemoryRateBuckets();
    buckets.takeNow('k', 10, 5);
    vi.advanceTimersByTime(60_000);
    expect(buckets.takeNow('k', 10, 5).remaining).toBe(4);
  });

  test('full buckets are dropped once the map grows (a full bucket is the same as none)', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const buckets = new MemoryRateBuckets();
    for (let i = 0; i < 10_000; i++) buckets.takeNow(`k${i}`, 1000, 10);
    expect(buckets.size).toBe(10_000);
    vi.advanceTimersByTime(100);
    buckets.takeNow('new', 1000, 10);
    expect(buckets.size).toBe(1);
  });
});
