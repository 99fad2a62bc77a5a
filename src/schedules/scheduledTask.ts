/**
 * What a schedule puts on the task it creates for a tick: the idempotency key that makes the tick exactly
 * once (issue 11's unique index on task type and key), the metadata the task list shows, and the relative
 * period of a sync resolved at the tick in the schedule's zone.
 */
import type { Json } from '../wire/index.js';
import { localDay } from './timeZone.js';

/** The idempotency key of a tick's task: `schedule:<id>:<scheduled_for as ISO UTC>`, the same on every node. */
export function scheduledTaskKey(scheduleId: string, scheduledFor: Date): string {
  return `schedule:${scheduleId}:${scheduledFor.toISOString()}`;
}

/** The metadata of a tick's task: which schedule made it and for which tick. */
export function scheduledTaskMetadata(scheduleId: string, scheduledFor: Date): { schedule_id: string; scheduled_for: string } {
  return { schedule_id: scheduleId, scheduled_for: scheduledFor.toISOString() };
}

/** The kinds of relative period a sync's payload may name instead of explicit dates. */
export const RELATIVE_PERIODS = ['current_month', 'previous_month', 'last_days'] as const;

/** A period relative to the tick: the month so far, the whole previous month, or the last `days` days. */
export type RelativePeriod =
  | { period: 'current_month' }
  | { period: 'previous_month' }
  | {
      period: 'last_days';
      /** How many local days, the tick's day included: 1 to 366. */
      days: number;
    };

/** A period as the sync takes it: `YYYY-MM-DD`, both days included. */
export interface DatePeriod {
  /** First day, included. */
  date_from: string;
  /** Last day, included. */
  date_to: string;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus `days` (negative to go back), in calendar days. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The dates of a relative period at a tick, by the tick's local date in `timezone` (so "the current month" at
 * 00:30 on the 1st in Moscow is the new month even though it is still the previous day in UTC):
 * `current_month` the 1st to the tick's day, `previous_month` the whole month before, `last_days` the `days`
 * days ending on the tick's day. Throws a RangeError for `days` outside 1…366.
 */
export function resolveRelativePeriod(period: RelativePeriod, tick: Date, timezone: string): DatePeriod {
  const today = localDay(tick, timezone);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  switch (period.period) {
    case 'current_month':
      return { date_from: firstOfMonth, date_to: today };
    case 'previous_month': {
      const lastOfPrevious = addDays(firstOfMonth, -1);
      return { date_from: `${lastOfPrevious.slice(0, 8)}01`, date_to: lastOfPrevious };
    }
    case 'last_days': {
      const { days } = period;
      if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError('days: must be an integer from 1 to 366');
      return { date_from: addDays(today, -(days - 1)), date_to: today };
    }
  }
}

/** Whether a payload names a relative period (`{period: 'current_month', …}`) for the scheduler to resolve. */
export function hasRelativePeriod(payload: Json): payload is { period: RelativePeriod['period']; [key: string]: Json } {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload) &&
    typeof payload.period === 'string' &&
    (RELATIVE_PERIODS as readonly string[]).includes(payload.period)
  );
}

/**
 * A schedule's payload as its tick's task gets it: a relative `period` (and its `days`) replaced by the dates it
 * means at the tick in the schedule's zone, so the task says which period it synced; any other payload as it is.
 * Throws a RangeError for a `last_days` period without a valid `days`.
 */
export function payloadAt(payload: Json, tick: Date, timezone: string): Json {
  if (!hasRelativePeriod(payload)) return payload;
  const { period, days, ...rest } = payload;
  const relative = (period === 'last_days' ? { period, days } : { period }) as RelativePeriod;
  return { ...rest, ...resolveRelativePeriod(relative, tick, timezone) };
}
