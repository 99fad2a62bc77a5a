import { describe, expect, it } from 'vitest';
import { resolveRelativePeriod, scheduledTaskKey, scheduledTaskMetadata } from './scheduledTask.js';

describe('scheduledTaskKey and metadata', () => {
  it('name the schedule and the tick in ISO UTC, whatever the zone', () => {
    const tick = new Date('2025-03-09T07:00:00Z');
    const id = '0193a4f2-7c1e-7000-8000-000000000001';
    expect(scheduledTaskKey(id, tick)).toBe(`schedule:${id}:2025-03-09T07:00:00.000Z`);
    expect(scheduledTaskKey(id, tick).length).toBeLessThanOrEqual(200);
    expect(scheduledTaskMetadata(id, tick)).toEqual({ schedule_id: id, scheduled_for: '2025-03-09T07:00:00.000Z' });
  });
});

describe('resolveRelativePeriod', () => {
  const tick = new Date('2025-06-15T07:00:00Z');

  it('current_month: the 1st to the tick’s local day', () => {
    expect(resolveRelativePeriod({ period: 'current_month' }, tick, 'Europe/Moscow')).toEqual({
      date_from: '2025-06-01',
      date_to: '2025-06-15',
    });
  });

  it('previous_month: the whole month before, leap February and the year boundary included', () => {
    expect(resolveRelativePeriod({ period: 'previous_month' }, tick, 'Europe/Moscow')).toEqual({
      date_from: '2025-05-01',
      date_to: '2025-05-31',
    });
    expect(resolveRelativePeriod({ period: 'previous_month' }, new Date('2024-03-10T12:00:00Z'), 'UTC')).toEqual({
      date_from: '2024-02-01',
      date_to: '2024-02-29',
    });
    expect(resolveRelativePeriod({ period: 'previous_month' }, new Date('2025-01-10T12:00:00Z'), 'UTC')).toEqual({
      date_from: '2024-12-01',
      date_to: '2024-12-31',
    });
  });

  it('last_days: the given number of days ending on the tick’s day', () => {
    expect(resolveRelativePeriod({ period: 'last_days', days: 7 }, tick, 'Europe/Moscow')).toEqual({
      date_from: '2025-06-09',
      date_to: '2025-06-15',
    });
    expect(resolveRelativePeriod({ period: 'last_days', days: 1 }, tick, 'Europe/Moscow')).toEqual({
      date_from: '2025-06-15',
      date_to: '2025-06-15',
    });
    expect(resolveRelativePeriod({ period: 'last_days', days: 3 }, new Date('2025-03-01T12:00:00Z'), 'UTC')).toEqual({
      date_from: '2025-02-27',
      date_to: '2025-03-01',
    });
    expect(() => resolveRelativePeriod({ period: 'last_days', days: 0 }, tick, 'UTC')).toThrow(RangeError);
    expect(() => resolveRelativePeriod({ period: 'last_days', days: 1.5 }, tick, 'UTC')).toThrow(RangeError);
  });

  it('takes the local day in the schedule’s zone, not UTC’s', () => {
    // 00:30 on 1 July in Moscow is still 30 June in UTC.
    const early = new Date('2025-06-30T21:30:00Z');
    expect(resolveRelativePeriod({ period: 'current_month' }, early, 'Europe/Moscow')).toEqual({
      date_from: '2025-07-01',
      date_to: '2025-07-01',
    });
    expect(resolveRelativePeriod({ period: 'current_month' }, early, 'UTC')).toEqual({ date_from: '2025-06-01', date_to: '2025-06-30' });
    // The tick after the spring gap in New York is still that local day.
    expect(resolveRelativePeriod({ period: 'last_days', days: 1 }, new Date('2025-03-09T07:00:00Z'), 'America/New_York')).toEqual({
      date_from: '2025-03-09',
      date_to: '2025-03-09',
    });
  });
});
