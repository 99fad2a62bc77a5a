import { describe as suite, expect, it } from 'vitest';
import { describe } from './describe.js';

suite('describe (Russian)', () => {
  it('words the presets the form offers', () => {
    expect(describe('0 * * * *')).toBe('каждый час в 00 минут');
    expect(describe('0 6 * * *')).toBe('каждый день в 06:00');
    expect(describe('0 6 * * 1-5')).toBe('по будням в 06:00');
    expect(describe('30 2 * * *')).toBe('каждый день в 02:30');
    expect(describe('*/15 * * * *')).toBe('каждые 15 минут');
    expect(describe('0 0 1 * *')).toBe('1-го числа каждого месяца в 00:00');
  });

  it('words their near relatives with Russian plurals', () => {
    expect(describe('* * * * *')).toBe('каждую минуту');
    expect(describe('*/2 * * * *')).toBe('каждые 2 минуты');
    expect(describe('30 * * * *')).toBe('каждый час в 30 минут');
    expect(describe('1 * * * *')).toBe('каждый час в 01 минуту');
    expect(describe('0 6 * * MON-FRI')).toBe('по будням в 06:00');
    expect(describe('0 10 * * 0,6')).toBe('по выходным в 10:00');
    expect(describe('0 3 * * 1')).toBe('каждый понедельник в 03:00');
    expect(describe('0 3 * * 3')).toBe('каждую среду в 03:00');
    expect(describe('0 3 * * 7')).toBe('каждое воскресенье в 03:00');
    expect(describe('0 3 * * fri')).toBe('каждую пятницу в 03:00');
    expect(describe('15 23 15 * *')).toBe('15-го числа каждого месяца в 23:15');
  });

  it('words seconds-level expressions; a 6-field one with seconds 0 as its 5-field twin', () => {
    expect(describe('* * * * * *')).toBe('каждую секунду');
    expect(describe('*/10 * * * * *')).toBe('каждые 10 секунд');
    expect(describe('*/2 * * * * *')).toBe('каждые 2 секунды');
    expect(describe('*/21 * * * * *')).toBe('каждую 21 секунду');
    expect(describe('0 30 2 * * *')).toBe('каждый день в 02:30');
    expect(describe('0 0 * * * *')).toBe('каждый час в 00 минут');
  });

  it('leaves the rest to cronstrue in Russian, first letter lowered', () => {
    expect(describe('30 */2 * * *')).toBe('в 30 минут, каждые 2 часа');
    expect(describe('0 9-18 * * 1-5')).toMatch(/^[а-яё]/);
    expect(describe('5 * * * * *')).toMatch(/^[а-яё]/);
  });
});
