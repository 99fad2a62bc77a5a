import { describe, expect, it } from 'vitest';
import { missedRuns } from './missedRuns.js';

const ticks = ['2025-06-01T10:00:00Z', '2025-06-01T11:00:00Z', '2025-06-01T12:00:00Z'].map((t) => new Date(t));

describe('missedRuns', () => {
  it('skip creates none', () => {
    expect(missedRuns('skip', ticks, 10)).toEqual([]);
  });

  it('once creates the newest missed tick only', () => {
    expect(missedRuns('once', ticks, 10)).toEqual([ticks[2]]);
  });

  it('all creates every missed tick, in time order', () => {
    expect(missedRuns('all', ticks, 10)).toEqual(ticks);
    expect(missedRuns('all', ticks, 3)).toEqual(ticks);
  });

  it('all keeps the newest `cap` ticks when more were missed', () => {
    expect(missedRuns('all', ticks, 2)).toEqual([ticks[1], ticks[2]]);
    expect(missedRuns('all', ticks, 1)).toEqual([ticks[2]]);
  });

  it('nothing missed creates nothing under any policy', () => {
    for (const policy of ['skip', 'once', 'all'] as const) expect(missedRuns(policy, [], 5)).toEqual([]);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => missedRuns('all', ticks, 0)).toThrow(RangeError);
    expect(() => missedRuns('all', ticks, 1.5)).toThrow(RangeError);
  });
});
