/**
 * planFire, the pure decision of one pass over a due schedule (docs/schedules.md): on-time and late ticks, the
 * `missed` policies, where `next_run_at` moves, the `overlap` policies and a queued tick, and a task that cannot be
 * built. Every time is given: `now` stands for the database's clock; the schedule is hourly in UTC unless a test
 * says otherwise, so the ticks are easy to read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewTask } from '../engine/index.js';
import { parseSchedule, type Schedule } from './cron.js';
import { planFire } from './planFire.js';
import type { ScheduleRow } from './port.js';

const HOURLY = parseSchedule({ cron: '0 * * * *', timezone: 'UTC' });
const GRACE_MS = 60_000;

/** `2026-03-10T<hhmmss>.000Z`: a time of the test day, e.g. `t('12:00:30')`. */
const t = (hms: string) => `2026-03-10T${hms}.000Z`;

/** A stored schedule: hourly in UTC, enabled, due at 12:00, no previous task, missed `skip`, overlap `skip`. */
function row(overrides: Partial<ScheduleRow> = {}): ScheduleRow {
  return {
    id: '01900000-0000-7000-8000-000000000001',
    name: 'hourly',
    task_type: 'report',
    payload: { a: 1 },
    cron: HOURLY.cron,
    timezone: HOURLY.timezone,
    enabled: true,
    missed: 'skip',
    missed_cap: 10,
    overlap: 'skip',
    next_run_at: t('12:00:00'),
    last_run_at: t('11:00:00'),
    last_task_id: null,
    last_task_status: null,
    queued_for: null,
    last_error: null,
    skipped_count: 0,
    created_by: null,
    created_at: t('00:00:00'),
    updated_at: t('00:00:00'),
    version: 1,
    ...overrides,
  };
}

/** A buildTask that records the ticks it was asked for and returns a task naming its tick. */
function recorder(fail?: (tick: Date) => unknown) {
  const ticks: string[] = [];
  const buildTask = vi.fn((tick: Date): NewTask => {
    ticks.push(tick.toISOString());
    const err = fail?.(tick);
    if (err !== undefined) throw err;
    return { task_id: `task@${tick.toISOString()}` } as unknown as NewTask;
  });
  return { ticks, buildTask };
}

/** planFire over `r` at `now`, with the hourly schedule (or `schedule`) and the grace; returns the decision and the built ticks. */
function plan(r: ScheduleRow, now: string, options: { schedule?: Schedule; graceMs?: number; fail?: (tick: Date) => unknown } = {}) {
  const { ticks, buildTask } = recorder(options.fail);
  const decision = planFire(r, new Date(now), {
    schedule: options.schedule ?? HOURLY,
    graceMs: options.graceMs ?? GRACE_MS,
    buildTask,
  });
  return { decision, built: ticks, fired: decision.tasks.map((task) => task.task_id.replace('task@', '')) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('planFire: a tick on time', () => {
  it('fires the tick due now: one task, next_run_at the next tick, last_run_at the tick', () => {
    for (const now of [t('12:00:00'), t('12:00:00').replace('.000', '.400')]) {
      const { decision, fired } = plan(row(), now);
      expect(fired).toEqual([t('12:00:00')]);
      expect(decision).toMatchObject({
        next_run_at: t('13:00:00'),
        last_run_at: t('12:00:00'),
        queued_for: null,
        last_error: null,
        skipped: 0,
      });
    }
  });

  it('a tick late by up to the grace still runs as on time (the newest tick; a busy node, a restart)', () => {
    for (const now of [t('12:00:30'), t('12:01:00')]) {
      const { decision, fired } = plan(row({ missed: 'skip' }), now);
      expect(fired).toEqual([t('12:00:00')]);
      expect(decision.next_run_at).toBe(t('13:00:00'));
    }
  });

  it('the newest tick later than the grace is missed: with missed `skip` nothing runs, and the schedule moves on', () => {
    const { decision, fired, built } = plan(row({ missed: 'skip' }), t('12:01:01'));
    expect(fired).toEqual([]);
    expect(built).toEqual([]);
    expect(decision).toMatchObject({ next_run_at: t('13:00:00'), last_run_at: t('12:00:00'), skipped: 0, queued_for: null });
    // With `once` the same late tick runs, as the newest missed one.
    expect(plan(row({ missed: 'once' }), t('12:01:01')).fired).toEqual([t('12:00:00')]);
  });

  it('a schedule not due yet: no task, next_run_at and last_run_at kept (null = keep the stored one)', () => {
    const { decision, built } = plan(row(), t('11:59:59'));
    expect(built).toEqual([]);
    expect(decision).toEqual({
      tasks: [],
      next_run_at: t('12:00:00'),
      last_run_at: null,
      queued_for: null,
      last_error: null,
      skipped: 0,
      missed: 0,
    });
  });
});

describe('planFire: ticks missed while no node ran', () => {
  // Due since 09:00; at 12:00:30 the 12:00 tick is on time, 09:00, 10:00 and 11:00 were missed.
  const downSince = row({ next_run_at: t('09:00:00') });

  it('the newest tick on time runs; the missed ones follow `missed`: skip none, once the newest, all each', () => {
    expect(plan({ ...downSince, missed: 'skip' }, t('12:00:30')).fired).toEqual([t('12:00:00')]);
    expect(plan({ ...downSince, missed: 'once' }, t('12:00:30')).fired).toEqual([t('11:00:00'), t('12:00:00')]);
    expect(plan({ ...downSince, missed: 'all' }, t('12:00:30')).fired).toEqual([
      t('09:00:00'),
      t('10:00:00'),
      t('11:00:00'),
      t('12:00:00'),
    ]);
  });

  it('every due tick late (the nodes came back at 12:30): skip → 0, once → 1 (the newest), all → each', () => {
    const skip = plan({ ...downSince, missed: 'skip' }, t('12:30:00'));
    expect(skip.fired).toEqual([]);
    expect(skip.decision).toMatchObject({ next_run_at: t('13:00:00'), last_run_at: t('12:00:00'), skipped: 0 });
    expect(plan({ ...downSince, missed: 'once' }, t('12:30:00')).fired).toEqual([t('12:00:00')]);
    const all = plan({ ...downSince, missed: 'all' }, t('12:30:00'));
    expect(all.fired).toEqual([t('09:00:00'), t('10:00:00'), t('11:00:00'), t('12:00:00')]);
    expect(all.decision).toMatchObject({ next_run_at: t('13:00:00'), last_run_at: t('12:00:00') });
  });

  it('`all` creates the newest missed_cap missed ticks when there are more (plus the one on time)', () => {
    expect(plan({ ...downSince, missed: 'all', missed_cap: 2 }, t('12:30:00')).fired).toEqual([t('11:00:00'), t('12:00:00')]);
    expect(plan({ ...downSince, missed: 'all', missed_cap: 2 }, t('12:00:30')).fired).toEqual([
      t('10:00:00'),
      t('11:00:00'),
      t('12:00:00'),
    ]);
    expect(plan({ ...downSince, missed: 'all', missed_cap: 1 }, t('12:30:00')).fired).toEqual([t('12:00:00')]);
  });

  it('a month of downtime of a seconds-level schedule: only the newest missed_cap, and next_run_at the first tick after now', () => {
    const everySecond = parseSchedule({ cron: '* * * * * *', timezone: 'UTC' });
    const r = row({ cron: everySecond.cron, next_run_at: '2026-02-10T00:00:00.000Z', missed: 'all', missed_cap: 3 });
    const { decision, fired } = plan(r, '2026-03-10T12:00:30.500Z', { schedule: everySecond, graceMs: 100 });
    expect(fired).toEqual(['2026-03-10T12:00:28.000Z', '2026-03-10T12:00:29.000Z', '2026-03-10T12:00:30.000Z']);
    expect(decision).toMatchObject({ next_run_at: '2026-03-10T12:00:31.000Z', last_run_at: '2026-03-10T12:00:30.000Z' });
  });
});

describe('planFire: next_run_at', () => {
  it('is the first tick strictly after now, whatever the lateness', () => {
    for (const [now, next] of [
      [t('12:00:00'), t('13:00:00')],
      [t('12:59:59'), t('13:00:00')],
      [t('13:00:00'), t('14:00:00')],
      ['2026-03-11T02:17:00.000Z', '2026-03-11T03:00:00.000Z'],
    ] as const) {
      expect(plan(row({ missed: 'all' }), now).decision.next_run_at).toBe(next);
    }
  });

  it('is the same whatever node computes it: its own parse of the expression, its own clock ±30 s', () => {
    const r = row({ next_run_at: t('09:00:00'), missed: 'all', missed_cap: 2, cron: '0 */2 * * *', timezone: 'Europe/Moscow' });
    const decisions = [-30_000, 0, 30_000].map((skew) => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(t('12:00:30')) + skew });
      // Each node parses the stored expression itself.
      const schedule = parseSchedule({ cron: r.cron, timezone: r.timezone });
      const { decision, fired } = plan(r, t('12:00:30'), { schedule });
      vi.useRealTimers();
      return { ...decision, tasks: fired };
    });
    expect(decisions[0]).toEqual({
      // Every other Moscow hour is every odd UTC hour: 09:00 and 11:00 are due (both late), 13:00 is next.
      tasks: [t('09:00:00'), t('11:00:00')],
      next_run_at: t('13:00:00'),
      last_run_at: t('11:00:00'),
      queued_for: null,
      last_error: null,
      skipped: 0,
      missed: 0,
    });
    expect(decisions[1]).toEqual(decisions[0]);
    expect(decisions[2]).toEqual(decisions[0]);
  });
});

describe('planFire: the previous task still pending or running (overlap)', () => {
  const busy = (overrides: Partial<ScheduleRow> = {}) =>
    row({ last_task_id: 'previous', last_task_status: 'running', last_run_at: t('11:00:00'), ...overrides });

  it('`skip`: no task, the tick counted as skipped, the schedule moves on', () => {
    for (const status of ['pending', 'running'] as const) {
      const { decision, built } = plan(busy({ overlap: 'skip', last_task_status: status }), t('12:00:01'));
      expect(built).toEqual([]);
      expect(decision).toEqual({
        tasks: [],
        next_run_at: t('13:00:00'),
        last_run_at: t('12:00:00'),
        queued_for: null,
        last_error: null,
        skipped: 1,
        missed: 1,
      });
    }
    // Missed ticks that would run are skipped too, each counted.
    const missed = plan(busy({ overlap: 'skip', missed: 'all', next_run_at: t('10:00:00') }), t('12:00:01'));
    expect(missed.decision).toMatchObject({ tasks: [], skipped: 3, next_run_at: t('13:00:00') });
    // Missed ticks that `missed` drops anyway are not counted as skipped.
    expect(plan(busy({ overlap: 'skip', next_run_at: t('10:00:00') }), t('12:30:00')).decision.skipped).toBe(0);
  });

  it('`queue`: no task now; the newest tick is kept as queued_for, and a later tick replaces it', () => {
    const first = plan(busy({ overlap: 'queue' }), t('12:00:01'));
    expect(first.built).toEqual([]);
    expect(first.decision).toMatchObject({ tasks: [], queued_for: t('12:00:00'), next_run_at: t('13:00:00'), skipped: 0 });
    const later = plan(busy({ overlap: 'queue', queued_for: t('12:00:00'), next_run_at: t('13:00:00') }), t('13:00:02'));
    expect(later.decision).toMatchObject({ tasks: [], queued_for: t('13:00:00'), next_run_at: t('14:00:00'), last_run_at: t('13:00:00') });
    // Of several due ticks, the newest is queued.
    const several = plan(busy({ overlap: 'queue', missed: 'all', next_run_at: t('10:00:00') }), t('12:00:01'));
    expect(several.decision).toMatchObject({ tasks: [], queued_for: t('12:00:00') });
  });

  it('`allow`: the tick fires anyway', () => {
    const { decision, fired } = plan(busy({ overlap: 'allow' }), t('12:00:01'));
    expect(fired).toEqual([t('12:00:00')]);
    expect(decision).toMatchObject({ queued_for: null, skipped: 0, next_run_at: t('13:00:00') });
  });

  it('a finished previous task (or none) does not hold a tick back, whatever `overlap`', () => {
    for (const status of ['completed', 'failed', 'cancelled', null] as const) {
      for (const overlap of ['skip', 'queue'] as const) {
        const { decision, fired } = plan(busy({ overlap, last_task_status: status }), t('12:00:01'));
        expect(fired).toEqual([t('12:00:00')]);
        expect(decision).toMatchObject({ queued_for: null, skipped: 0 });
      }
    }
  });

  it('a queued tick fires once the previous task is finished, without waiting for a tick', () => {
    const r = busy({ overlap: 'queue', last_task_status: 'completed', queued_for: t('11:00:00'), next_run_at: t('13:00:00') });
    const { decision, fired } = plan(r, t('12:20:00'));
    expect(fired).toEqual([t('11:00:00')]);
    expect(decision).toEqual({
      tasks: decision.tasks,
      next_run_at: t('13:00:00'),
      last_run_at: null,
      queued_for: null,
      last_error: null,
      skipped: 0,
      missed: 0,
    });
  });

  it('a queued tick waits while the previous task still runs', () => {
    const r = busy({ overlap: 'queue', queued_for: t('11:00:00'), next_run_at: t('13:00:00') });
    const { decision, built } = plan(r, t('12:20:00'));
    expect(built).toEqual([]);
    expect(decision).toMatchObject({ tasks: [], queued_for: t('11:00:00'), next_run_at: t('13:00:00') });
  });

  it('the queued tick fires and a tick due in the same pass queues behind its task', () => {
    const r = busy({ overlap: 'queue', last_task_status: 'failed', queued_for: t('11:00:00'), next_run_at: t('12:00:00') });
    const { decision, fired } = plan(r, t('12:00:01'));
    expect(fired).toEqual([t('11:00:00')]);
    expect(decision).toMatchObject({ queued_for: t('12:00:00'), next_run_at: t('13:00:00'), last_run_at: t('12:00:00'), skipped: 0 });
  });

  it('several ticks fired in one pass are not held back by one another (the first is the "previous" only for the next pass)', () => {
    const r = row({ overlap: 'skip', missed: 'all', next_run_at: t('10:00:00') });
    expect(plan(r, t('12:00:01')).fired).toEqual([t('10:00:00'), t('11:00:00'), t('12:00:00')]);
  });
});

describe('planFire: a task that cannot be built', () => {
  it('leaves no task and last_error, and the schedule still moves on', () => {
    const { decision, built } = plan(row({ missed: 'all', next_run_at: t('11:00:00') }), t('12:00:01'), {
      // The second tick's task fails: the first is not created alone.
      fail: (tick) => (tick.getUTCHours() === 12 ? new Error('unknown task type "report"') : undefined),
    });
    expect(built).toEqual([t('11:00:00'), t('12:00:00')]);
    expect(decision).toEqual({
      tasks: [],
      next_run_at: t('13:00:00'),
      last_run_at: t('12:00:00'),
      queued_for: null,
      last_error: 'unknown task type "report"',
      skipped: 0,
      missed: 2,
    });
  });

  it('something other than an Error thrown is kept as text', () => {
    expect(plan(row(), t('12:00:01'), { fail: () => 'nope' }).decision.last_error).toBe('nope');
  });

  it('a queued tick whose task cannot be built is dropped with the error, not retried forever', () => {
    const r = row({ overlap: 'queue', last_task_status: 'completed', queued_for: t('11:00:00'), next_run_at: t('13:00:00') });
    const { decision } = plan(r, t('12:20:00'), { fail: () => new Error('payload.date_from: must be YYYY-MM-DD') });
    expect(decision).toMatchObject({ tasks: [], queued_for: null, last_error: 'payload.date_from: must be YYYY-MM-DD' });
  });

  it('a later successful fire clears last_error; a pass that fires nothing keeps it', () => {
    const failed = row({ last_error: 'unknown task type "report"' });
    expect(plan(failed, t('12:00:01')).decision.last_error).toBeNull();
    // Not due, skipped by overlap, or missed with `skip`: nothing fired, the error stays shown.
    expect(plan(failed, t('11:00:00')).decision.last_error).toBe('unknown task type "report"');
    expect(plan({ ...failed, last_task_status: 'running' }, t('12:00:01')).decision.last_error).toBe('unknown task type "report"');
    expect(plan(failed, t('12:30:00')).decision.last_error).toBe('unknown task type "report"');
  });
});

describe('planFire: missed, the ticks that made no task (a schedule_missed notification)', () => {
  const busy = (overrides: Partial<ScheduleRow> = {}) =>
    row({ last_task_id: 'previous', last_task_status: 'running', last_run_at: t('11:00:00'), ...overrides });
  const downSince = row({ next_run_at: t('09:00:00') });

  it('0 when every due tick made a task, or nothing was due', () => {
    expect(plan(row(), t('12:00:01')).decision.missed).toBe(0);
    expect(plan(row(), t('11:59:59')).decision.missed).toBe(0);
    expect(plan({ ...downSince, missed: 'all' }, t('12:30:00')).decision.missed).toBe(0);
    expect(plan(busy({ overlap: 'allow' }), t('12:00:01')).decision.missed).toBe(0);
  });

  it('the ticks the `missed` policy drops: skip each late one, once all but the newest, all those past missed_cap', () => {
    // Due since 09:00, now 12:00:30: 12:00 on time; 09:00, 10:00, 11:00 late.
    expect(plan({ ...downSince, missed: 'skip' }, t('12:00:30')).decision.missed).toBe(3);
    expect(plan({ ...downSince, missed: 'once' }, t('12:00:30')).decision.missed).toBe(2);
    // Every tick late (12:30): skip drops all four.
    expect(plan({ ...downSince, missed: 'skip' }, t('12:30:00')).decision.missed).toBe(4);
    // Only the newest missed_cap + 1 due ticks are looked at (a month of seconds is not enumerated): no more are counted.
    expect(plan({ ...downSince, missed: 'skip', missed_cap: 2 }, t('12:30:00')).decision.missed).toBe(3);
  });

  it('the ticks `overlap` passes over: skip each, queue all but the newest and the queued tick it replaces', () => {
    expect(plan(busy({ overlap: 'skip', missed: 'all', next_run_at: t('10:00:00') }), t('12:00:01')).decision.missed).toBe(3);
    expect(plan(busy({ overlap: 'queue', missed: 'all', next_run_at: t('10:00:00') }), t('12:00:01')).decision.missed).toBe(2);
    expect(plan(busy({ overlap: 'queue' }), t('12:00:01')).decision.missed).toBe(0);
    const replaced = plan(busy({ overlap: 'queue', queued_for: t('12:00:00'), next_run_at: t('13:00:00') }), t('13:00:02'));
    expect(replaced.decision).toMatchObject({ queued_for: t('13:00:00'), missed: 1 });
  });

  it('every tick whose task could not be built, a queued one included', () => {
    expect(plan(row(), t('12:00:01'), { fail: () => new Error('no') }).decision.missed).toBe(1);
    expect(plan(row({ missed: 'all', next_run_at: t('11:00:00') }), t('12:00:01'), { fail: () => new Error('no') }).decision.missed).toBe(
      2,
    );
    // The queued 11:00 fires (and fails); 12:00 queues behind it, still to come.
    const r = row({ overlap: 'queue', last_task_status: 'completed', queued_for: t('11:00:00'), next_run_at: t('12:00:00') });
    expect(plan(r, t('12:00:01'), { fail: () => new Error('no') }).decision).toMatchObject({ queued_for: t('12:00:00'), missed: 1 });
  });
});
