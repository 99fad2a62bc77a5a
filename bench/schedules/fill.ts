/**
 * The schedules of one benchmark run, stored before the node starts: `idle` enabled schedules whose next runs are
 * all beyond the measured window (daily and weekly 5-field crons at varied times in four zones, as an
 * installation's nightly and weekly syncs would be), and `firing` hourly 6-field ones whose tick this hour falls
 * inside the window, spread evenly over it. Each schedule's first run is computed as the API computes it
 * (nextRun from the database's now).
 */
import { uuidv7 } from '../../src/engine/index.js';
import { nextRun, parseSchedule, type NewSchedule, type Schedule } from '../../src/schedules/index.js';
import type { Storage } from '../../src/store/index.js';
import { BENCH_NOOP } from './figures.js';

const ZONES = ['UTC', 'Europe/Moscow', 'Europe/Berlin', 'America/New_York'];
/** Schedules stored at once (PostgreSQL: in parallel on the pool). */
const INSERT_BATCH = 50;

/** A deterministic pseudo-random sequence (the same schedules in every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function newSchedule(name: string, schedule: Schedule, first: Date): NewSchedule {
  return {
    id: uuidv7(),
    name,
    task_type: BENCH_NOOP,
    payload: null,
    cron: schedule.cron,
    timezone: schedule.timezone,
    enabled: true,
    missed: 'skip',
    missed_cap: 10,
    overlap: 'skip',
    next_run_at: first.toISOString(),
    created_by: null,
  };
}

async function insertAll(storage: Storage, rows: NewSchedule[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await Promise.all(rows.slice(i, i + INSERT_BATCH).map((row) => storage.schedules.insertSchedule(row)));
  }
}

/**
 * Stores `count` schedules none of which runs before `notBefore` (a time that would be moved an hour on), the
 * database's `now` being their creation time.
 */
export async function storeIdleSchedules(storage: Storage, count: number, now: Date, notBefore: Date): Promise<void> {
  const random = lcg(12);
  const parsed = new Map<string, Schedule>();
  const rows: NewSchedule[] = [];
  for (let i = 0; i < count; i++) {
    const zone = ZONES[i % ZONES.length]!;
    const minute = Math.floor(random() * 60);
    let hour = Math.floor(random() * 24);
    const weekday = Math.floor(random() * 7);
    for (;;) {
      const cron = i % 2 === 0 ? `${minute} ${hour} * * *` : `${minute} ${hour} * * ${weekday}`;
      const key = `${cron}|${zone}`;
      let schedule = parsed.get(key);
      if (!schedule) parsed.set(key, (schedule = parseSchedule({ cron, timezone: zone })));
      const first = nextRun(schedule, now)!;
      if (first >= notBefore) {
        rows.push(newSchedule(`idle ${i}`, schedule, first));
        break;
      }
      hour = (hour + 1) % 24;
    }
  }
  await insertAll(storage, rows);
}

/**
 * Stores `count` hourly schedules (`S M * * * *`, UTC) whose ticks are spread over [from + 2 s, to − 2 s] (whole
 * seconds); `now` is the database's.
 */
export async function storeFiringSchedules(storage: Storage, count: number, now: Date, from: number, to: number): Promise<void> {
  const rows: NewSchedule[] = [];
  const span = to - from - 4_000;
  for (let i = 0; i < count; i++) {
    const tick = new Date(Math.floor((from + 2_000 + (span * i) / count) / 1000) * 1000);
    const schedule = parseSchedule({ cron: `${tick.getUTCSeconds()} ${tick.getUTCMinutes()} * * * *` });
    const first = nextRun(schedule, now)!;
    if (first.getTime() !== tick.getTime())
      throw new Error(`firing schedule ${i}: first run ${first.toISOString()}, not ${tick.toISOString()}`);
    rows.push(newSchedule(`firing ${i}`, schedule, first));
  }
  await insertAll(storage, rows);
}
