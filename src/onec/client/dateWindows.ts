// Date windows: long periods are read window by window so $skip stays small (1C has no keyset paging because
// references cannot be compared with gt/lt, and a large $skip makes 1C re-read everything before it).
import { ODataArgumentError } from './errors.js';
import { isRealDate, odataDateTime } from './filterLiterals.js';

/** A run of whole calendar days, both ends included, as `YYYY-MM-DD`. */
export interface DateWindow {
  /** First day, included. */
  from: string;
  /** Last day, included. */
  to: string;
}

/** `Date ge datetime'<from>T00:00:00' and Date lt datetime'<to + 1 day>T00:00:00'` — whole days [from, to]. */
export function dateRangeFilter(from: string, to: string, field = 'Date'): string {
  checkRange(from, to);
  return `${field} ge ${odataDateTime(from)} and ${field} lt ${odataDateTime(addDays(to, 1))}`;
}

/** Splits [from, to] into windows of one calendar month each (the first and last may be partial). */
export function monthWindows(from: string, to: string): DateWindow[] {
  checkRange(from, to);
  const windows: DateWindow[] = [];
  let start = from;
  while (start <= to) {
    const [year, month] = start.split('-').map(Number) as [number, number];
    const monthEnd = formatDay(year, month, daysInMonth(year, month));
    const end = monthEnd < to ? monthEnd : to;
    windows.push({ from: start, to: end });
    start = addDays(end, 1);
  }
  return windows;
}

/** The day `days` after `day` (negative goes back), both `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = parseDay(day);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const next = new Date(0);
  next.setUTCFullYear(year, month - 1, date + days);
  return formatDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

function checkRange(from: string, to: string): void {
  parseDay(from);
  parseDay(to);
  if (from > to) throw new ODataArgumentError(`Начало периода ${from} позже конца ${to}`);
}

function parseDay(day: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const parts = match ? ([Number(match[1]), Number(match[2]), Number(match[3])] as [number, number, number]) : null;
  if (!parts || !isRealDate(...parts)) throw new ODataArgumentError(`Неверная дата «${day}»: ожидается ГГГГ-ММ-ДД`);
  return parts;
}

function daysInMonth(year: number, month: number): number {
  for (let day = 31; day > 28; day--) if (isRealDate(year, month, day)) return day;
  return 28;
}

function formatDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
