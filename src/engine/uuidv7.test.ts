import { describe, expect, test } from 'vitest';
import { uuidv7, uuidv7Floor } from './uuidv7.js';

describe('uuidv7Floor', () => {
  test("sorts at or below every id of its millisecond and above every earlier one's", () => {
    const before = Date.now();
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    const after = Date.now();
    // The counter may borrow a few milliseconds ahead on a burst: bound by the last id's own time.
    const lastMs = parseInt(ids.at(-1)!.replace('-', '').slice(0, 12), 16);
    for (const id of ids) {
      expect(id >= uuidv7Floor(before)).toBe(true);
      expect(id < uuidv7Floor(Math.max(after, lastMs) + 1)).toBe(true);
    }
    expect(uuidv7Floor(before - 1) < uuidv7Floor(before)).toBe(true);
    expect(uuidv7Floor(0x0123456789ab)).toBe('01234567-89ab-0000-0000-000000000000');
  });

  test('clamps times outside the 48 bits', () => {
    expect(uuidv7Floor(-5)).toBe('00000000-0000-0000-0000-000000000000');
    expect(uuidv7Floor(2 ** 50)).toBe('ffffffff-ffff-0000-0000-000000000000');
  });
});
