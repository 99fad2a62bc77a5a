/**
 * Issue 12, "exactly once per tick" across processes: three real worker processes on one fresh PostgreSQL
 * database, their JavaScript clocks 30 s slow, right and 30 s fast (skewedClock.ts), each running the scheduler.
 * A schedule fires every 2 s (`missed: 'all'`, so a tick missed while every process was down is created late,
 * not dropped) while the processes are killed with SIGKILL at random and started again, once all of them at
 * the same time. Afterwards every tick on the 2-second grid from the first to the last has exactly one task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shouldRunPostgres } from '../support/postgres.js';
import { eventually } from './clusterClient.js';
import { killAllChildren } from './processes.js';
import { between, pause, ScheduleWorkers } from './scheduleChaos.js';

const run = await shouldRunPostgres();

/** The processes and their clock offsets, ms. */
const OFFSETS = { slow: -30_000, exact: 0, fast: 30_000 };
const PERIOD_MS = 2_000;
/** How long the processes are killed and restarted, ms (longer for a soak). */
const CHAOS_MS = Number(process.env.TASKCAST_TEST_SCHEDULE_CHAOS_MS ?? 60_000);
/** How long every process stays down at once, by the database's clock: at least two ticks pass unseen. */
const ALL_DOWN_MS = 5_000;

describe.runIf(run)('a seconds-level schedule on 3 processes with skewed clocks, killed and restarted at random', () => {
  let workers: ScheduleWorkers;

  beforeAll(async () => {
    workers = await ScheduleWorkers.create(OFFSETS);
    await Promise.all(Object.keys(OFFSETS).map((name) => workers.start(name)));
  });

  afterAll(async () => {
    await workers?.close();
    await killAllChildren();
  });

  it('creates exactly one task for every tick, whichever process fires it', async ({ onTestFailed }) => {
    onTestFailed(() => console.error(`workers' output:\n${workers.output()}`));
    const names = Object.keys(OFFSETS);
    const created = await workers.createSchedule({
      name: 'every 2 s',
      cron: '*/2 * * * * *',
      missed: 'all',
      missed_cap: 100,
      // Overlap is not under test: a tick must not be skipped because the previous task had no worker yet.
      overlap: 'allow',
    });
    const firstTick = created.next_run_at!;

    // The chaos: SIGKILL of a random ready process every 1.5–3.5 s, started again 0.3–2 s later; half-way,
    // every process at once, down until the database's clock has moved ALL_DOWN_MS.
    const restarts: Promise<void>[] = [];
    const startedAt = performance.now();
    let allDown: { from: string; to: string } | null = null;
    while (performance.now() - startedAt < CHAOS_MS) {
      await pause(between(1_500, 3_500));
      if (allDown === null && performance.now() - startedAt > CHAOS_MS / 2) {
        // No restart still pending may end the outage early.
        await Promise.all(restarts.splice(0));
        await Promise.all(names.map((name) => workers.kill(name)));
        const from = await workers.dbNow();
        await eventually(async () => (await workers.dbNow()).getTime() - from.getTime() >= ALL_DOWN_MS, 'the outage', 30_000);
        allDown = { from: from.toISOString(), to: (await workers.dbNow()).toISOString() };
        await Promise.all(names.map((name) => workers.start(name)));
        continue;
      }
      const up = workers.readyNames();
      if (up.length === 0) continue;
      const victim = up[Math.floor(Math.random() * up.length)]!;
      await workers.kill(victim);
      restarts.push(pause(between(300, 2_000)).then(() => workers.start(victim)));
    }
    await Promise.all(restarts);
    await Promise.all(names.map((name) => workers.start(name)));

    // Every process is up: the tick due now is fired; then the schedule is disabled (under the fire's lock, so
    // no pass fires after it).
    const end = await workers.dbNow();
    await eventually(
      async () => (await workers.tasksOf(created.id)).some((t) => Date.parse(t.scheduled_for) >= end.getTime()),
      'a tick after the chaos to fire',
      30_000,
    );
    const current = (await workers.storage.schedules.getSchedule(created.id))!;
    expect(
      await workers.storage.schedules.updateSchedule(created.id, current.version, { enabled: false, next_run_at: null }),
    ).not.toBeNull();

    const tasks = await workers.tasksOf(created.id);
    const ticks = tasks.map((t) => t.scheduled_for);
    const perTick = new Map<string, number>();
    for (const tick of ticks) perTick.set(tick, (perTick.get(tick) ?? 0) + 1);
    const first = Date.parse(ticks[0]!);
    const last = Date.parse(ticks.at(-1)!);
    const grid: string[] = [];
    for (let t = first; t <= last; t += PERIOD_MS) grid.push(new Date(t).toISOString());

    // How late each task was created after its tick, by the database's clock; the outage's ticks aside.
    const lateness = tasks.map((t) => ({ tick: t.scheduled_for, lateMs: Date.parse(t.created_at) - Date.parse(t.scheduled_for) }));
    const outside = lateness.filter((l) => allDown === null || l.tick < allDown.from || l.tick > allDown.to);
    const maxLateMs = Math.max(...outside.map((l) => l.lateMs));
    const fired = workers.firedCounts(tasks);
    const ranBy: Record<string, number> = {};
    for (const t of tasks) {
      const by = t.lease_owner ? (workers.owners.get(t.lease_owner) ?? '?') : `(${t.status})`;
      ranBy[by] = (ranBy[by] ?? 0) + 1;
    }
    console.log(
      `schedule skew: ${grid.length} ticks ${ticks[0]} … ${ticks.at(-1)}, ${tasks.length} tasks; ` +
        `${workers.kills} kills, ${workers.starts} process starts; all down ${allDown?.from} … ${allDown?.to}; ` +
        `fired by ${JSON.stringify(fired)} (offsets ${JSON.stringify(OFFSETS)}); run by ${JSON.stringify(ranBy)}; ` +
        `created at most ${maxLateMs} ms after the tick outside the outage`,
    );

    expect(ticks[0], 'the first tick is the one the schedule was created with').toBe(firstTick);
    expect(
      [...perTick.entries()].filter(([, n]) => n !== 1),
      'ticks with more than one task',
    ).toEqual([]);
    expect(ticks, 'one task for every tick on the grid, none missing').toEqual(grid);
    expect(new Set(tasks.map((t) => t.idempotency_key)).size, 'unique tick keys').toBe(tasks.length);
    expect(tasks.map((t) => t.idempotency_key)).toEqual(ticks.map((tick) => `schedule:${created.id}:${tick}`));
    // A clock 30 s fast makes no task early: due-ness is the database's clock.
    expect(
      lateness.filter((l) => l.lateMs < 0),
      'tasks created before their tick',
    ).toEqual([]);
    expect(last, 'the ticks reach past the chaos').toBeGreaterThanOrEqual(end.getTime());
    expect(allDown, 'every process was down at once for a while').not.toBeNull();
    // The outage's ticks were created late (missed: 'all'), not dropped.
    const inOutage = ticks.filter((t) => t > allDown!.from && t < allDown!.to);
    expect(inOutage.length).toBeGreaterThanOrEqual(2);
    expect(workers.kills).toBeGreaterThanOrEqual(8);
  }, 150_000);
});
