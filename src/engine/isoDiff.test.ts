import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDiffMs } from './isoDiff.js';

describe('isoDiffMs', () => {
  it('equals the difference of Date.parse for any two times (same day or not)', () => {
    const time = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(time, fc.integer({ min: -200_000_000, max: 200_000_000 }), (at, delta) => {
        const [a, b] = [new Date(at + delta).toISOString(), new Date(at).toISOString()];
        expect(isoDiffMs(a, b)).toBe(Date.parse(a) - Date.parse(b));
      }),
    );
  });

  it('falls back to Date.parse for other forms', () => {
    expect(isoDiffMs('2026-12-06T10:00:00+01:00', '2026-12-06T08:59:59.500Z')).toBe(500);
    expect(isoDiffMs('2026-12-06T09:00:00Z', '2026-12-06T08:00:00.000Z')).toBe(3_600_000);
  });
});
