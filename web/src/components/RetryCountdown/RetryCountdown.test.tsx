// @vitest-environment jsdom
/** When a waiting task starts: the wording, the rounding of the time left, and the countdown as time passes. */
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatTimeUntil } from '../../format';
import RetryCountdown, { startText } from './RetryCountdown';

const NOW = Date.parse('2026-12-06T10:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const waiting = (runInMs: number, attempt = 2, max_attempts = 5) => ({
  status: 'pending' as const,
  attempt,
  max_attempts,
  run_at: at(runInMs),
});

describe('formatTimeUntil', () => {
  it.each([
    [0, '0 с'],
    [300, '1 с'],
    [1000, '1 с'],
    [1001, '2 с'],
    [45_000, '45 с'],
    [59_000, '59 с'],
    [59_500, '1 мин'],
    [89_000, '1 мин'],
    [91_000, '2 мин'],
    [120_000, '2 мин'],
    [150_000, '3 мин'],
    [59 * 60_000, '59 мин'],
    [59.6 * 60_000, '1 ч'],
    [3_600_000, '1 ч'],
    [5_400_000, '2 ч'],
    [23 * 3_600_000, '23 ч'],
    [24 * 3_600_000, '1 день'],
    [3 * 86_400_000, '3 дня'],
    [5 * 86_400_000, '5 дней'],
    [-5000, '0 с'],
  ])('%d ms → «%s»', (ms, text) => {
    expect(formatTimeUntil(ms)).toBe(text);
  });
});

describe('startText', () => {
  it('a task waiting for its next attempt: the time left and the attempt to come, of how many', () => {
    expect(startText(waiting(120_000), NOW)).toBe('Повтор через 2 мин — попытка 3 из 5');
    expect(startText(waiting(45_000, 1, 3), NOW)).toBe('Повтор через 45 с — попытка 2 из 3');
    expect(startText(waiting(3_600_000, 4, 10), NOW)).toBe('Повтор через 1 ч — попытка 5 из 10');
  });

  it('a retry that is due (or a manual retry, due at once) says so', () => {
    expect(startText(waiting(-1), NOW)).toBe('Повтор сейчас — попытка 3 из 5');
    expect(startText(waiting(0, 1, 2), NOW)).toBe('Повтор сейчас — попытка 2 из 2');
  });

  it('a task enqueued to start later; nothing for a first run that is due, nor for a task that is not pending', () => {
    expect(startText(waiting(300_000, 0, 1), NOW)).toBe('Запуск через 5 мин');
    expect(startText(waiting(-1, 0, 1), NOW)).toBeNull();
    for (const status of ['running', 'completed', 'failed', 'cancelled'] as const) {
      expect(startText({ ...waiting(120_000), status }, NOW)).toBeNull();
    }
  });
});

describe('RetryCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const line = () => screen.getByTestId('retry-countdown').textContent;

  it('counts down as time passes, down to «сейчас»', () => {
    render(<RetryCountdown task={waiting(125_000)} />);
    expect(line()).toBe('Повтор через 2 мин — попытка 3 из 5');
    act(() => void vi.advanceTimersByTime(40_000));
    expect(line()).toBe('Повтор через 1 мин — попытка 3 из 5');
    act(() => void vi.advanceTimersByTime(30_000));
    expect(line()).toBe('Повтор через 55 с — попытка 3 из 5');
    act(() => void vi.advanceTimersByTime(54_000));
    expect(line()).toBe('Повтор через 1 с — попытка 3 из 5');
    act(() => void vi.advanceTimersByTime(1_000));
    expect(line()).toBe('Повтор сейчас — попытка 3 из 5');
  });

  it('shows the fallback once a delayed first run is due, and nothing for a running task', () => {
    const { rerender, container } = render(<RetryCountdown task={waiting(2_000, 0, 1)} fallback="Ожидает запуска…" />);
    expect(line()).toBe('Запуск через 2 с');
    act(() => void vi.advanceTimersByTime(2_000));
    expect(container.textContent).toBe('Ожидает запуска…');
    rerender(<RetryCountdown task={{ ...waiting(60_000), status: 'running' }} />);
    expect(container.textContent).toBe('');
  });

  it('stops its clock when the task no longer waits', () => {
    const { rerender } = render(<RetryCountdown task={waiting(60_000)} />);
    expect(vi.getTimerCount()).toBe(1);
    rerender(<RetryCountdown task={{ ...waiting(60_000), status: 'running' }} />);
    expect(vi.getTimerCount()).toBe(0);
  });
});
