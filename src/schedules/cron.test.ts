import { describe, expect, it } from 'vitest';
import { nextRuns, parseSchedule, runsBetween, type Schedule } from './cron.js';
import { CronTooFrequentError, InvalidCronError, ScheduleInputError, UnknownTimeZoneError } from './errors.js';
import { formatWithOffset, localDay } from './timeZone.js';

/** The explicit "now" of every parse, so the tests do not depend on the machine's clock. */
const NOW = new Date('2025-01-01T00:00:00Z');

const parse = (cron: string, timezone?: string): Schedule => parseSchedule({ cron, timezone }, { now: NOW });

/** Runs per local day over `days` local days starting a few days before `day` (the zone's offset is < 1 day). */
function runsPerLocalDay(s: Schedule, day: string, runs = 200): Map<string, Date[]> {
  const start = new Date(Date.parse(`${day}T00:00:00Z`) - 3 * 86_400_000);
  const byDay = new Map<string, Date[]>();
  for (const r of nextRuns(s, start, runs > 1000 ? 1000 : runs)) {
    const d = localDay(r, s.timezone);
    byDay.set(d, [...(byDay.get(d) ?? []), r]);
  }
  return byDay;
}

const local = (runs: Date[] | undefined, tz: string): string[] => (runs ?? []).map((r) => formatWithOffset(r, tz).slice(11));

describe('DST: 2025 change days', () => {
  const changes = [
    { tz: 'America/New_York', day: '2025-03-09', kind: 'spring' },
    { tz: 'America/New_York', day: '2025-11-02', kind: 'autumn' },
    { tz: 'Europe/Berlin', day: '2025-03-30', kind: 'spring' },
    { tz: 'Europe/Berlin', day: '2025-10-26', kind: 'autumn' },
  ] as const;

  for (const { tz, day, kind } of changes) {
    it(`30 2 * * * runs exactly once per local day around ${day} in ${tz}`, () => {
      const byDay = runsPerLocalDay(parse('30 2 * * *', tz), day, 7);
      const days = [...byDay.keys()];
      // 7 runs on 7 consecutive local days, one each, the change day among them.
      expect(days).toHaveLength(7);
      expect(new Set(days).size).toBe(7);
      expect(days).toContain(day);
      for (const runs of byDay.values()) expect(runs).toHaveLength(1);
    });

    it(`0 * * * * runs ${kind === 'spring' ? 23 : 25} times on ${day} in ${tz}, 24 on the days around`, () => {
      const byDay = runsPerLocalDay(parse('0 * * * *', tz), day, 24 * 6);
      expect(byDay.get(day)).toHaveLength(kind === 'spring' ? 23 : 25);
      const before = new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const after = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(byDay.get(before)).toHaveLength(24);
      expect(byDay.get(after)).toHaveLength(24);
    });
  }

  it('a local time in the spring gap runs at the first instant after it (03:00 new time)', () => {
    const ny = runsPerLocalDay(parse('30 2 * * *', 'America/New_York'), '2025-03-09', 7);
    expect(local(ny.get('2025-03-09'), 'America/New_York')).toEqual(['03:00:00-04:00']);
    expect(ny.get('2025-03-09')![0]!.toISOString()).toBe('2025-03-09T07:00:00.000Z');
    const berlin = runsPerLocalDay(parse('30 2 * * *', 'Europe/Berlin'), '2025-03-30', 7);
    expect(local(berlin.get('2025-03-30'), 'Europe/Berlin')).toEqual(['03:00:00+02:00']);
    // The day after, the usual local time again.
    expect(local(berlin.get('2025-03-31'), 'Europe/Berlin')).toEqual(['02:30:00+02:00']);
  });

  it('a local time that occurs twice runs once, at its first occurrence', () => {
    const berlin = runsPerLocalDay(parse('30 2 * * *', 'Europe/Berlin'), '2025-10-26', 7);
    expect(local(berlin.get('2025-10-26'), 'Europe/Berlin')).toEqual(['02:30:00+02:00']);
    // In New York the repeated hour is 01:00–02:00.
    const ny = runsPerLocalDay(parse('30 1 * * *', 'America/New_York'), '2025-11-02', 7);
    expect(local(ny.get('2025-11-02'), 'America/New_York')).toEqual(['01:30:00-04:00']);
  });

  it('the hourly schedule skips the missing hour and repeats the doubled one', () => {
    const spring = runsPerLocalDay(parse('0 * * * *', 'America/New_York'), '2025-03-09', 24 * 6);
    expect(local(spring.get('2025-03-09'), 'America/New_York').slice(0, 4)).toEqual([
      '00:00:00-05:00',
      '01:00:00-05:00',
      '03:00:00-04:00',
      '04:00:00-04:00',
    ]);
    const autumn = runsPerLocalDay(parse('0 * * * *', 'Europe/Berlin'), '2025-10-26', 24 * 6);
    expect(local(autumn.get('2025-10-26'), 'Europe/Berlin').slice(0, 5)).toEqual([
      '00:00:00+02:00',
      '01:00:00+02:00',
      '02:00:00+02:00',
      '02:00:00+01:00',
      '03:00:00+01:00',
    ]);
    // Hourly runs stay exactly one hour apart in real time through both changes.
    for (const byDay of [spring, autumn]) {
      const all = [...byDay.values()].flat();
      for (let i = 1; i < all.length; i++) expect(all[i]!.getTime() - all[i - 1]!.getTime()).toBe(3_600_000);
    }
  });

  it('a list or range of fixed times is fixed-time too: each time once per local day', () => {
    const spring = runsPerLocalDay(parse('30 2,14 * * *', 'Europe/Berlin'), '2025-03-30', 14);
    expect(local(spring.get('2025-03-30'), 'Europe/Berlin')).toEqual(['03:00:00+02:00', '14:30:00+02:00']);
    const autumn = runsPerLocalDay(parse('30 2,14 * * *', 'Europe/Berlin'), '2025-10-26', 14);
    expect(local(autumn.get('2025-10-26'), 'Europe/Berlin')).toEqual(['02:30:00+02:00', '14:30:00+01:00']);
    const range = runsPerLocalDay(parse('0 0-3 * * *', 'America/New_York'), '2025-11-02', 28);
    expect(local(range.get('2025-11-02'), 'America/New_York')).toEqual([
      '00:00:00-04:00',
      '01:00:00-04:00',
      '02:00:00-05:00',
      '03:00:00-05:00',
    ]);
    // 02:00 and 02:30 do not exist; both run once, at 03:00.
    const pair = runsPerLocalDay(parse('0,30 2 * * *', 'America/New_York'), '2025-03-09', 14);
    expect(local(pair.get('2025-03-09'), 'America/New_York')).toEqual(['03:00:00-04:00']);
  });

  it('an interval expression skips the gap and repeats the doubled hour', () => {
    const spring = runsPerLocalDay(parse('*/20 2 * * *', 'America/New_York'), '2025-03-09', 30);
    expect(spring.get('2025-03-09')).toBeUndefined();
    const autumn = runsPerLocalDay(parse('*/20 2 * * *', 'Europe/Berlin'), '2025-10-26', 30);
    expect(local(autumn.get('2025-10-26'), 'Europe/Berlin')).toEqual([
      '02:00:00+02:00',
      '02:20:00+02:00',
      '02:40:00+02:00',
      '02:00:00+01:00',
      '02:20:00+01:00',
      '02:40:00+01:00',
    ]);
  });

  it('Europe/Moscow (no DST): 24 runs every day, 02:30 at +03:00 every day', () => {
    const hourly = runsPerLocalDay(parse('0 * * * *', 'Europe/Moscow'), '2025-03-30', 24 * 6);
    for (const [d, runs] of hourly) if (d > '2025-03-27' && d < '2025-04-01') expect(runs, d).toHaveLength(24);
    const nightly = runsPerLocalDay(parse('30 2 * * *', 'Europe/Moscow'), '2025-10-26', 7);
    for (const runs of nightly.values()) expect(local(runs, 'Europe/Moscow')).toEqual(['02:30:00+03:00']);
  });
});

describe('parseSchedule', () => {
  it('normalises the expression and canonicalises the zone; UTC by default', () => {
    expect(parse('  0   6 * *  1-5 ', 'europe/moscow')).toEqual({ cron: '0 6 * * 1-5', timezone: 'Europe/Moscow', withSeconds: false });
    expect(parse('0 6 * * *').timezone).toBe('UTC');
    expect(parseSchedule({ cron: '0 6 * * *', timezone: null }, { now: NOW }).timezone).toBe('UTC');
    expect(parse('0 0 6 1 jan,Jul mon-fri').cron).toBe('0 0 6 1 jan,Jul mon-fri');
  });

  it('takes a 6th field, seconds first, and runs at second resolution', () => {
    const s = parse('*/10 * * * * *', 'Europe/Moscow');
    expect(s.withSeconds).toBe(true);
    expect(nextRuns(s, new Date('2025-06-01T12:00:05.500Z'), 3).map((d) => d.toISOString())).toEqual([
      '2025-06-01T12:00:10.000Z',
      '2025-06-01T12:00:20.000Z',
      '2025-06-01T12:00:30.000Z',
    ]);
    const every = parse('* * * * * *');
    expect(nextRuns(every, new Date('2025-06-01T12:00:00.000Z'), 2).map((d) => d.toISOString())).toEqual([
      '2025-06-01T12:00:01.000Z',
      '2025-06-01T12:00:02.000Z',
    ]);
  });

  it('nextRuns returns runs strictly after the given instant', () => {
    const s = parse('0 6 * * *', 'Europe/Moscow');
    expect(nextRuns(s, new Date('2025-06-01T03:00:00Z'), 1)[0]!.toISOString()).toBe('2025-06-02T03:00:00.000Z');
    expect(nextRuns(s, new Date('2025-06-01T02:59:59.999Z'), 1)[0]!.toISOString()).toBe('2025-06-01T03:00:00.000Z');
  });

  const badCrons: [string, RegExp][] = [
    ['', /required/],
    ['0 6 * *', /expected 5 fields.*got 4/],
    ['* * * * * * *', /got 7/],
    ['61 * * * *', /minute/],
    ['0 24 * * *', /hour/],
    ['0 6 * * 8', /./],
    ['0 6 ? * MON#1', /only numbers/],
    ['@hourly', /got 1|only numbers/],
    ['0 0 30 2 *', /never runs/],
    ['every hour', /got 2/],
    ['0 0 L * *', /only numbers/],
    ['0 0 15W * *', /only numbers/],
    ['0 6 * MON *', /only numbers/],
    ['0 6 * * JAN', /only numbers/],
  ];
  for (const [cron, reason] of badCrons) {
    it(`refuses ${JSON.stringify(cron)} naming the field cron`, () => {
      const e = catchError(() => parse(cron, 'UTC'));
      expect(e).toBeInstanceOf(InvalidCronError);
      expect(e).toBeInstanceOf(ScheduleInputError);
      expect(e).toMatchObject({ field: 'cron', code: 'VALIDATION_FAILED' });
      expect(e.message).toMatch(/^cron: /);
      expect(e.message).toMatch(reason);
    });
  }

  for (const timezone of ['Mars/Olympus', '+03:00', 'MSK+3', '', 'Europe/Moskva']) {
    it(`refuses the zone ${JSON.stringify(timezone)} naming the field timezone`, () => {
      const e = catchError(() => parse('0 6 * * *', timezone));
      expect(e).toBeInstanceOf(UnknownTimeZoneError);
      expect(e).toMatchObject({ field: 'timezone', code: 'VALIDATION_FAILED' });
      expect(e.message).toMatch(/^timezone: /);
    });
  }

  it('refuses an expression that runs more often than the minimum period', () => {
    // croner's grammar cannot go below one second, so 1 s is the default floor and passes;
    // a deployment that sets a higher floor refuses what runs more often.
    expect(parse('* * * * * *').withSeconds).toBe(true);
    const e = catchError(() => parseSchedule({ cron: '*/2 * * * * *' }, { now: NOW, minPeriodMs: 5000 }));
    expect(e).toBeInstanceOf(CronTooFrequentError);
    expect(e).toMatchObject({ field: 'cron', periodMs: 2000, minPeriodMs: 5000 });
    // Runs at :00 and :01 of every minute: the shortest gap counts, not the average.
    const burst = catchError(() => parseSchedule({ cron: '0,1 * * * * *' }, { now: NOW, minPeriodMs: 5000 }));
    expect(burst).toMatchObject({ field: 'cron', periodMs: 1000 });
    expect(parseSchedule({ cron: '*/5 * * * * *' }, { now: NOW, minPeriodMs: 5000 }).cron).toBe('*/5 * * * * *');
    // A 5-field expression runs at most once a minute: checked only against a floor above a minute.
    expect(parse('* * * * *').cron).toBe('* * * * *');
    expect(catchError(() => parseSchedule({ cron: '*/2 * * * *' }, { now: NOW, minPeriodMs: 300_000 }))).toMatchObject({
      field: 'cron',
      periodMs: 120_000,
    });
  });
});

describe('runsBetween', () => {
  it('returns the runs from ≤ run ≤ to in time order', () => {
    const s = parse('0 * * * *', 'Europe/Moscow');
    const runs = runsBetween(s, new Date('2025-06-01T10:00:00Z'), new Date('2025-06-01T13:00:00Z'), 10);
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2025-06-01T10:00:00.000Z',
      '2025-06-01T11:00:00.000Z',
      '2025-06-01T12:00:00.000Z',
      '2025-06-01T13:00:00.000Z',
    ]);
    expect(runsBetween(s, new Date('2025-06-01T10:00:00.001Z'), new Date('2025-06-01T10:59:59.999Z'), 10)).toEqual([]);
    expect(runsBetween(s, new Date('2025-06-01T13:00:00Z'), new Date('2025-06-01T10:00:00Z'), 10)).toEqual([]);
  });

  it('keeps the newest `cap` runs, walking back from `to` (a week of seconds costs `cap` steps)', () => {
    const s = parse('* * * * * *');
    const to = new Date('2025-06-08T00:00:00Z');
    const runs = runsBetween(s, new Date('2025-06-01T00:00:00Z'), to, 3);
    expect(runs.map((d) => d.toISOString())).toEqual(['2025-06-07T23:59:58.000Z', '2025-06-07T23:59:59.000Z', '2025-06-08T00:00:00.000Z']);
  });

  for (const [tz, day] of [
    ['America/New_York', '2025-03-09'],
    ['America/New_York', '2025-11-02'],
    ['Europe/Berlin', '2025-03-30'],
    ['Europe/Berlin', '2025-10-26'],
  ] as const) {
    it(`walking back gives the same runs as walking forward through ${day} in ${tz}`, () => {
      for (const cron of ['0 * * * *', '30 2 * * *', '*/20 * * * *', '30 1 * * *', '30 2,14 * * *', '0 0-3 * * *']) {
        const s = parse(cron, tz);
        const from = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000);
        const to = new Date(Date.parse(`${day}T00:00:00Z`) + 2 * 86_400_000);
        const forward = nextRuns(s, new Date(from.getTime() - 1), 300).filter((d) => d <= to);
        // A cap above the count walks forward; a cap below it walks back from `to`.
        expect(runsBetween(s, from, to, 300), cron).toEqual(forward);
        expect(runsBetween(s, from, to, forward.length - 1), cron).toEqual(forward.slice(1));
      }
    });
  }
});

describe('formatWithOffset', () => {
  it('writes ISO 8601 local time with the zone offset at that instant', () => {
    expect(formatWithOffset(new Date('2025-01-01T00:00:00Z'), 'UTC')).toBe('2025-01-01T00:00:00+00:00');
    expect(formatWithOffset(new Date('2025-06-01T03:00:00Z'), 'Europe/Moscow')).toBe('2025-06-01T06:00:00+03:00');
    expect(formatWithOffset(new Date('2025-03-09T07:00:00Z'), 'America/New_York')).toBe('2025-03-09T03:00:00-04:00');
    expect(formatWithOffset(new Date('2025-01-15T12:00:00Z'), 'Asia/Kolkata')).toBe('2025-01-15T17:30:00+05:30');
    // Midnight is 00, not 24.
    expect(formatWithOffset(new Date('2025-01-14T21:00:00Z'), 'Europe/Moscow')).toBe('2025-01-15T00:00:00+03:00');
    // Parsing the string back gives the same instant.
    const d = new Date('2025-10-26T01:30:00Z');
    expect(Date.parse(formatWithOffset(d, 'Europe/Berlin'))).toBe(d.getTime());
  });
});

function catchError(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
