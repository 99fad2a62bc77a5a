/** The Russian formats of the messages: plurals, numbers, durations in words, days and windows. */
import { describe, expect, it } from 'vitest';
import { countOf, elapsedMs, formatDay, formatDurationWords, formatWindow, plural } from './format.js';

describe('format', () => {
  it('plural forms', () => {
    const forms = (n: number) => plural(n, 'запуск', 'запуска', 'запусков');
    expect([0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 1000].map(forms)).toEqual([
      'запусков',
      'запуск',
      'запуска',
      'запуска',
      'запусков',
      'запусков',
      'запусков',
      'запусков',
      'запуск',
      'запуска',
      'запусков',
      'запуск',
      'запусков',
      'запусков',
      'запусков',
    ]);
    expect(countOf(1000, 'запись', 'записи', 'записей')).toBe('1\u00a0000 записей');
  });

  it('durations in words', () => {
    expect(formatDurationWords(400)).toBe('меньше секунды');
    expect(formatDurationWords(12_000)).toBe('12 секунд');
    expect(formatDurationWords(61_000)).toBe('1 минута 1 секунда');
    expect(formatDurationWords(60_000)).toBe('1 минута');
    expect(formatDurationWords(185_000)).toBe('3 минуты 5 секунд');
    expect(formatDurationWords(3_720_000)).toBe('1 час 2 минуты');
    expect(formatDurationWords(7_200_000)).toBe('2 часа');
    expect(formatDurationWords(-1)).toBe('');
  });

  it('days, windows, elapsed time', () => {
    expect(formatDay('2025-12-31')).toBe('31.12.2025');
    expect(formatDay('31.12.2025')).toBeNull();
    expect(formatDay(20251231)).toBeNull();
    expect(formatWindow('2026-12-06T10:00:00Z', '2026-12-06T10:01:00Z', 'UTC')).toEqual({ range: '10:00–10:01', day: '06.12.2026' });
    expect(formatWindow('2026-12-06T10:00:00Z', 'bad', 'UTC')).toEqual({ range: '', day: null });
    expect(formatWindow('2026-12-06T10:00:00Z', '2026-12-06T10:01:00Z', 'No/Such_Zone').range).toBe('10:00–10:01');
    expect(elapsedMs('2026-12-06T10:00:00Z', '2026-12-06T10:00:01.5Z')).toBe(1500);
    expect(elapsedMs('2026-12-06T10:00:01Z', '2026-12-06T10:00:00Z')).toBeNull();
    expect(elapsedMs(null, '2026-12-06T10:00:00Z')).toBeNull();
  });
});
