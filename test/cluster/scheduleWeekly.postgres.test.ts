/**
 * Issue 12: "a weekly schedule still fires when processes restart every few seconds (the schedule is in the
 * database, not in memory)" — River keeps the schedule in the leader's memory, so a weekly job never runs when the
 * service restarts more often than weekly. Two real worker processes on a fresh PostgreSQL database are killed
 * with SIGKILL and started again every couple of seconds, so none lives from the schedule's creation to its tick;
 * the weekly schedule's one tick this week, ~12 s ahead, still gets exactly one task, and the next run is a week on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextRun, parseSchedule } from '../../src/schedules/index.js';
import { shouldRunPostgres } from '../support/postgres.js';
import { eventually } from './clusterClient.js';
import { killAllChildren } from './processes.js';
import { between, pause, ScheduleWorkers } from './scheduleChaos.js';

const run = await shouldRunPostgres();

const LEAD_MS = 12_000;
const WEEK_MS = 7 * 86_400_000;

/** The weekly 6-field expression (UTC) whose tick this week is `tick`: second, minute, hour and weekday of it. */
function weeklyAt(tick: Date): string {
  return `${tick.getUTCSeconds()} ${tick.getUTCMinutes()} ${tick.getUTCHours()} * * ${tick.getUTCDay()}`;
}

describe.runIf(run)('a weekly schedule while 2 processes restart every few seconds', () => {
  let workers: ScheduleWorkers;

  beforeAll(async () => {
    workers = await ScheduleWorkers.create({ one: 0, two: 0 });
    await Promise.all([workers.start('one'), workers.start('two')]);
  });

  afterAll(async () => {
    await workers?.close();
    await killAllChildren();
  });

  it('fires its tick exactly once, and its next run is a week later', async ({ onTestFailed }) => {
    onTestFailed(() => console.error(`workers' output:\n${workers.output()}`));
    // The tick: a whole second ~12 s ahead by the database's clock (fields from the Date: minute, hour and day
    // wrap on their own).
    const dbNow = await workers.dbNow();
    const tick = new Date(Math.ceil((dbNow.getTime() + LEAD_MS) / 1000) * 1000);
    const cron = weeklyAt(tick);
    expect(nextRun(parseSchedule({ cron }), dbNow)?.toISOString()).toBe(tick.toISOString());
    const createdAt = performance.now();
    const created = await workers.createSchedule({ name: 'weekly', cron });
    expect(created.next_run_at).toBe(tick.toISOString());

    // The restarts: every 1–2 s the older ready process is killed and started again (each lives its start-up and
    // ~2–4 s more), until the
    // tick's task exists and the database's clock is 3 s past the tick (a second firing would have had time).
    const stopAt = tick.getTime() + 3_000;
    let done = false;
    const chaos = (async () => {
      while (!done) {
        await pause(between(1_000, 2_000));
        if (done) break;
        // Only a ready process: one killed while it starts would never look at the schedules.
        const oldest = [...workers.workers.values()]
          .filter((w) => w.ready && w.process?.running)
          .sort((a, b) => a.spawnedAt - b.spawnedAt)[0];
        if (!oldest) continue;
        await workers.kill(oldest.name);
        void workers.start(oldest.name);
      }
    })();
    try {
      await eventually(
        async () => (await workers.dbNow()).getTime() >= stopAt && (await workers.tasksOf(created.id)).length > 0,
        'the weekly tick to fire',
        LEAD_MS + 60_000,
      );
    } finally {
      done = true;
      await chaos;
    }
    await Promise.all([workers.start('one'), workers.start('two')]);

    const tasks = await workers.tasksOf(created.id);
    const schedule = (await workers.storage.schedules.getSchedule(created.id))!;
    const fired = workers.firedCounts(tasks);
    const lived = workers.lifetimes.map((l) => (l.endedAt ?? performance.now()) - l.spawnedAt);
    const spanning = workers.lifetimes.filter((l) => l.spawnedAt <= createdAt && (l.endedAt ?? Infinity) >= createdAt + LEAD_MS);
    console.log(
      `schedule weekly: "${cron}" tick ${tick.toISOString()}, ${tasks.length} task(s) created ` +
        `${tasks.map((t) => Date.parse(t.created_at) - tick.getTime()).join(', ')} ms after it, fired by ${JSON.stringify(fired)}; ` +
        `${workers.kills} kills, ${workers.starts} process starts, longest process life ${Math.round(Math.max(...lived))} ms; ` +
        `next run ${schedule.next_run_at}`,
    );

    expect(tasks.map((t) => [t.scheduled_for, t.idempotency_key])).toEqual([
      [tick.toISOString(), `schedule:${created.id}:${tick.toISOString()}`],
    ]);
    expect(Date.parse(tasks[0]!.created_at)).toBeGreaterThanOrEqual(tick.getTime());
    expect(schedule).toMatchObject({
      next_run_at: new Date(tick.getTime() + WEEK_MS).toISOString(),
      last_run_at: tick.toISOString(),
      last_task_id: tasks[0]!.task_id,
    });
    // No process saw both the schedule's creation and its tick: only the database carried it.
    expect(
      spanning.map((l) => l.name),
      'processes alive from the creation to the tick',
    ).toEqual([]);
    expect(workers.kills).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
