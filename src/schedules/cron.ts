/**
 * Cron expressions in an IANA time zone, on top of croner (no dependencies; Vixie-cron DST rules, see below).
 *
 * An expression has the standard 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first,
 * as croner reads them; day-of-month and day-of-week combine with OR, as in Vixie cron. Only digits, month and
 * day names and `* , - /` are taken: croner's extensions (`?`, `#`, `+`, `L`, `W`, `@hourly`, a 7th year field) are refused
 * so that every expression we store means the same to any standard cron reader.
 *
 * Daylight saving time, as croner 11 does it with `fixedTimeRule: 'no-wildcard'` (Vixie cron's rules; checked on
 * Node 20 through the 2025 changes in America/New_York and Europe/Berlin, pinned by cron.test.ts, explained in
 * docs/schedules.md):
 * - a fixed-time expression (no `*` and no step in seconds, minutes and hours: `30 2 * * *`, `30 2,14 * * *`,
 *   `0 9-18 * * 1-5`) runs each of its times exactly once per matching local day: a local time that does not
 *   exist (spring forward) runs at the first instant after the gap (03:00 new time; several such times that meet
 *   there run once); a local time that occurs twice (fall back) runs once, at its first occurrence;
 * - an interval expression (a `*` or a step in seconds, minutes or hours: `0 * * * *`, every 15 minutes) follows
 *   elapsed time: times in the gap are skipped and the repeated hour runs again, so `0 * * * *` runs 23 times on
 *   the spring day and 25 on the autumn day.
 * croner's default rule ('single-value') would count lists and ranges as interval expressions, so
 * `30 2,14 * * *` would lose its 02:30 on the spring day and run it twice in autumn; hence the option.
 */
import { Cron } from 'croner';
import { CronTooFrequentError, InvalidCronError } from './errors.js';
import { canonicalTimeZone } from './timeZone.js';

/** The time zone a schedule uses when none is given. */
export const DEFAULT_TIMEZONE = 'UTC';

/** The shortest period between two runs parseSchedule accepts by default, ms. */
export const DEFAULT_MIN_PERIOD_MS = 1000;

/** How many upcoming runs parseSchedule samples to find an expression's shortest period. */
const PERIOD_SAMPLE = 64;

/** The most runs one nextRuns/runsBetween call returns. */
export const MAX_RUNS_PER_CALL = 1000;

/** A validated schedule: a cron expression in an IANA time zone. Build it with parseSchedule. */
export interface Schedule {
  /** The expression, trimmed, its fields separated by one space. */
  readonly cron: string;
  /** The canonical IANA zone name (`europe/moscow` → `Europe/Moscow`). */
  readonly timezone: string;
  /** True when the expression has the 6th field (seconds, first). */
  readonly withSeconds: boolean;
}

/** What parseSchedule reads: the expression and the zone (`UTC` when missing). */
export interface ScheduleInput {
  /** 5 fields, or 6 with seconds first. */
  cron: string;
  /** An IANA zone name; default `UTC`. */
  timezone?: string | null;
}

/** Options of parseSchedule. */
export interface ParseScheduleOptions {
  /** Expressions that run more often than this are refused, ms. Default 1000 (a seconds-level floor). */
  minPeriodMs?: number;
  /** Where the period sample and the "never runs" check start. Default: now. */
  now?: Date;
}

/** The croner job behind each schedule, kept out of the plain object callers see. */
const jobs = new WeakMap<Schedule, Cron>();

const ALLOWED = /^[0-9A-Za-z*,/-]+$/;
const MONTHS = new Set(['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']);
const DAYS = new Set(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']);

/**
 * Letters only as month names in the month field and day names in the day-of-week field: croner's `L` and `W`
 * (last day, nearest weekday) are refused like its other extensions. `position` counts the 5 standard fields
 * from 0 (minute); the seconds field is −1.
 */
function namesFit(field: string, position: number): boolean {
  const names = field.match(/[A-Za-z]+/g) ?? [];
  const allowed = position === 3 ? MONTHS : position === 4 ? DAYS : null;
  return names.every((n) => allowed !== null && allowed.has(n.toUpperCase()));
}

/**
 * Validates an expression and a zone. Throws InvalidCronError or CronTooFrequentError (field `cron`) or
 * UnknownTimeZoneError (field `timezone`). The zone is checked first, so a bad zone is named even when the
 * expression is fine.
 */
export function parseSchedule(input: ScheduleInput, options: ParseScheduleOptions = {}): Schedule {
  const timezone = canonicalTimeZone(input.timezone ?? DEFAULT_TIMEZONE);
  const raw: unknown = input.cron;
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidCronError(String(raw), 'required');
  if (raw.length > 200) throw new InvalidCronError(raw, 'longer than 200 characters');
  const fields = raw.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new InvalidCronError(raw, `expected 5 fields (minute hour day month weekday), or 6 with seconds first; got ${fields.length}`);
  }
  const odd = fields.find((f, i) => !ALLOWED.test(f) || !namesFit(f, i - (fields.length - 5)));
  if (odd !== undefined) throw new InvalidCronError(raw, `"${odd}": only numbers, month and day names and * , - / are allowed`);
  const cron = fields.join(' ');
  let job: Cron;
  try {
    job = new Cron(cron, { timezone, paused: true, mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard' });
  } catch (e) {
    throw new InvalidCronError(raw, (e instanceof Error ? e.message : String(e)).replace(/^CronPattern: /, ''));
  }
  const now = options.now ?? new Date();
  const minPeriodMs = options.minPeriodMs ?? DEFAULT_MIN_PERIOD_MS;
  // A 5-field expression runs at most once a minute and a 6-field one at most once a second, so only a floor above
  // that needs the sample; one run is enough to know it runs at all. (A run costs ~0.05 ms: 64 would make 10,000
  // schedules load in seconds, and the scheduler, which parses stored rows with no floor, pay ~4 ms per expression.)
  const needsSample = minPeriodMs > (fields.length === 6 ? 1_000 : 60_000);
  const sample = job.nextRuns(needsSample ? PERIOD_SAMPLE : 1, now);
  if (sample.length === 0) throw new InvalidCronError(raw, 'never runs');
  let shortest = Infinity;
  for (let i = 1; i < sample.length; i++) shortest = Math.min(shortest, sample[i]!.getTime() - sample[i - 1]!.getTime());
  if (shortest < minPeriodMs) throw new CronTooFrequentError(raw, shortest, minPeriodMs);
  const schedule: Schedule = Object.freeze({ cron, timezone, withSeconds: fields.length === 6 });
  jobs.set(schedule, job);
  return schedule;
}

function jobOf(schedule: Schedule): Cron {
  const job = jobs.get(schedule);
  if (!job) throw new TypeError('not a schedule from parseSchedule()');
  return job;
}

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_RUNS_PER_CALL)
    throw new RangeError(`${name} must be an integer from 1 to ${MAX_RUNS_PER_CALL}`);
}

/** The next `count` runs strictly after `after`, in time order (fewer when the expression runs out). */
export function nextRuns(schedule: Schedule, after: Date, count: number): Date[] {
  checkCount('count', count);
  return jobOf(schedule).nextRuns(count, after);
}

/** The first run strictly after `after`, or null when there is none (e.g. `0 0 29 2 *` has one every 4 years). */
export function nextRun(schedule: Schedule, after: Date): Date | null {
  return jobOf(schedule).nextRun(after);
}

/**
 * The runs with `from` ≤ run ≤ `to`, in time order, the newest `cap` of them when there are more: the ticks a
 * scheduler finds due when it wakes (from = the stored next_run_at, to = now). Costs at most 2·`cap` steps
 * however long the span: it walks forward from `from` while that fits in `cap` runs, else back from `to`, so a
 * week's downtime of a seconds-level schedule does not cost one step per missed second.
 */
export function runsBetween(schedule: Schedule, from: Date, to: Date, cap: number): Date[] {
  checkCount('cap', cap);
  if (to.getTime() < from.getTime()) return [];
  const job = jobOf(schedule);
  const forward = job.nextRuns(cap + 1, new Date(from.getTime() - 1));
  const inside = forward.filter((r) => r.getTime() <= to.getTime());
  if (inside.length <= cap) return inside;
  return job
    .previousRuns(cap, new Date(to.getTime() + 1))
    .filter((r) => r.getTime() >= from.getTime())
    .reverse();
}
