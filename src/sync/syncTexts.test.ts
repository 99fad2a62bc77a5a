import { describe, expect, it } from 'vitest';
import { day, num, period } from './syncTexts.js';

describe('sync texts', () => {
  it('groups numbers the Russian way, with a no-break space', () => {
    expect(`Загружено ${num(1000)} из ${num(4899)}`).toBe('Загружено 1\u00a0000 из 4\u00a0899');
    expect(num(0)).toBe('0');
    expect(num(1_234_567)).toBe('1\u00a0234\u00a0567');
  });

  it('writes days as DD.MM.YYYY', () => {
    expect(day('2025-01-01')).toBe('01.01.2025');
    expect(period('2025-01-01', '2025-12-31')).toBe('01.01.2025 — 31.12.2025');
  });
});
