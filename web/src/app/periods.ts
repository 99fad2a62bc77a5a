/** Date periods of the pickers: the presets and the conversion to the API's YYYY-MM-DD. */
import dayjs, { type Dayjs } from 'dayjs';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import { T } from '@/texts';

dayjs.extend(quarterOfYear);

/** A period of whole days, both ends included. */
export type Period = [Dayjs, Dayjs];

/** The current month, first to last day. */
export function currentMonth(now: Dayjs = dayjs()): Period {
  return [now.startOf('month'), now.endOf('month')];
}

/** The current year, first to last day. */
export function currentYear(now: Dayjs = dayjs()): Period {
  return [now.startOf('year'), now.endOf('year')];
}

/** The presets of the period pickers. */
export function periodPresets(now: Dayjs = dayjs()): { label: string; value: Period }[] {
  const lastMonth = now.subtract(1, 'month');
  const lastYear = now.subtract(1, 'year');
  return [
    { label: T.presets.thisMonth, value: currentMonth(now) },
    { label: T.presets.lastMonth, value: [lastMonth.startOf('month'), lastMonth.endOf('month')] },
    { label: T.presets.thisQuarter, value: [now.startOf('quarter'), now.endOf('quarter')] },
    { label: T.presets.thisYear, value: currentYear(now) },
    { label: T.presets.lastYear, value: [lastYear.startOf('year'), lastYear.endOf('year')] },
  ];
}

/** YYYY-MM-DD of a day. */
export function isoDay(day: Dayjs): string {
  return day.format('YYYY-MM-DD');
}
