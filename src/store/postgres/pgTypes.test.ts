import { describe, expect, it } from 'vitest';
import { timestamptzToIso } from './pgTypes.js';

describe('timestamptzToIso', () => {
  it('converts the UTC ISO output of PostgreSQL by slicing, truncating microseconds', () => {
    expect(timestamptzToIso('2026-11-28 21:46:14.123456+00')).toBe('2026-11-28T21:46:14.123Z');
    expect(timestamptzToIso('2026-11-28 21:46:14.123999+00')).toBe('2026-11-28T21:46:14.123Z');
    expect(timestamptzToIso('2026-11-28 21:46:14.5+00')).toBe('2026-11-28T21:46:14.500Z');
    expect(timestamptzToIso('2026-11-28 21:46:14.05+00')).toBe('2026-11-28T21:46:14.050Z');
    expect(timestamptzToIso('2026-11-28 21:46:14+00')).toBe('2026-11-28T21:46:14.000Z');
    expect(timestamptzToIso('2026-11-28 21:46:14.120+00')).toBe('2026-11-28T21:46:14.120Z');
    expect(timestamptzToIso('2026-11-28 21:46:14.1234+00')).toBe('2026-11-28T21:46:14.123Z');
  });

  it('gives what a Date would for any other offset', () => {
    expect(timestamptzToIso('2026-11-28 23:46:14.25+02')).toBe('2026-11-28T21:46:14.250Z');
    expect(timestamptzToIso('2026-11-28 18:16:14+03:30')).toBe('2026-11-28T14:46:14.000Z');
  });
});
