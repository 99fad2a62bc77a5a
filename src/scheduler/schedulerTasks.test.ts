/**
 * The tasks a schedule's ticks create (issue 12): a relative period in the payload resolved at the tick in the
 * schedule's zone, and the task in the task list like any other — with metadata.schedule_id and scheduled_for,
 * owned by the schedule's creator. SQLite and PostgreSQL alike.
 */
import { describe, expect, it } from 'vitest';
import { nextRun, parseSchedule } from '../schedules/index.js';
import {
  QUICK,
  scheduleFixture,
  schedulerBackends,
  tasksOf,
  until,
  untilPast,
  useSchedulerWorld,
  wholeSeconds,
} from '../../test/support/schedulerNodes.js';

/** The Moscow date of an instant (UTC+3 all year, no DST), worked out here without the code under test. */
const moscowDay = (iso: string) => new Date(Date.parse(iso) + 3 * 3_600_000).toISOString().slice(0, 10);

describe.each(await schedulerBackends())('scheduler, the tasks it creates: $name', ({ makeHarness }) => {
  const world = useSchedulerWorld(makeHarness);

  it('a payload with {period: current_month} in Europe/Moscow: each task has date_from = the 1st and date_to = the tick’s Moscow day', async () => {
    const storage = world.storage();
    const { tick } = await wholeSeconds(storage);
    const row = await storage.schedules.insertSchedule(
      scheduleFixture({
        cron: '* * * * * *',
        timezone: 'Europe/Moscow',
        payload: { period: 'current_month', account: '40702810' },
        next_run_at: tick(2).toISOString(),
        overlap: 'allow',
        missed: 'all',
      }),
    );
    const node = await world.node();
    const tasks = await until(async () => {
      const found = await tasksOf(node, row.id);
      expect(found.length).toBeGreaterThanOrEqual(2);
      return found;
    });
    await storage.schedules.updateSchedule(row.id, row.version, { enabled: false, next_run_at: null });
    for (const task of tasks) {
      const day = moscowDay(String(task.metadata.scheduled_for));
      const stored = await node.engine.getTaskRow(task.task_id);
      expect(stored!.payload).toEqual({ account: '40702810', date_from: `${day.slice(0, 8)}01`, date_to: day });
    }
  });

  it('the month is Moscow’s: a tick at 00:00 on the 1st in Moscow (still the previous day in UTC) syncs the new month', async () => {
    const storage = world.storage();
    const { now } = await wholeSeconds(storage);
    const monthly = parseSchedule({ cron: '0 0 1 * *', timezone: 'Europe/Moscow' });
    // Down since three monthly ticks ago: `all` with missed_cap 2 creates the newest two.
    const since = nextRun(monthly, new Date(now.getTime() - 100 * 86_400_000))!;
    const row = await storage.schedules.insertSchedule(
      scheduleFixture({
        cron: monthly.cron,
        timezone: monthly.timezone,
        payload: { period: 'current_month' },
        next_run_at: since.toISOString(),
        missed: 'all',
        missed_cap: 2,
        overlap: 'allow',
      }),
    );
    const node = await world.node();
    await untilPast(storage, row.id, now);
    const tasks = await tasksOf(node, row.id);
    expect(tasks).toHaveLength(2);
    for (const task of tasks) {
      const tickAt = String(task.metadata.scheduled_for);
      expect(tickAt).toMatch(/^\d{4}-\d{2}-(28|29|30|31)T21:00:00\.000Z$/);
      const day = moscowDay(tickAt);
      expect(day.slice(8)).toBe('01');
      expect((await node.engine.getTaskRow(task.task_id))!.payload).toEqual({ date_from: day, date_to: day });
    }
  });

  it('a tick’s task is in engine.listTasks with metadata.schedule_id and scheduled_for, owned by created_by', async () => {
    const storage = world.storage();
    const { tick } = await wholeSeconds(storage);
    const at = tick(2);
    const row = await storage.schedules.insertSchedule(
      scheduleFixture({ cron: '* * * * * *', next_run_at: at.toISOString(), created_by: 42, missed: 'all', overlap: 'allow' }),
    );
    const node = await world.node();
    await untilPast(storage, row.id, at);
    await storage.schedules.updateSchedule(row.id, row.version, { enabled: false, next_run_at: null });

    const { tasks } = await node.engine.listTasks({ ownerId: 42, limit: 100, offset: 0 });
    const first = tasks.find((t) => t.metadata.scheduled_for === at.toISOString());
    expect(first).toMatchObject({
      task_type: QUICK,
      user_id: 42,
      metadata: { schedule_id: row.id, scheduled_for: at.toISOString() },
    });
    expect(tasks.every((t) => t.metadata.schedule_id === row.id && t.user_id === 42)).toBe(true);
    // Visible to its owner like an enqueued task, not to another user.
    const mine = await node.engine.listTasks({ visibility: { ownerId: 42, sharedTypes: [] }, limit: 100, offset: 0 });
    expect(mine.tasks.map((t) => t.task_id)).toContain(first!.task_id);
    const theirs = await node.engine.listTasks({ visibility: { ownerId: 7, sharedTypes: [] }, limit: 100, offset: 0 });
    expect(theirs.tasks).toEqual([]);
    // And it runs like one.
    await until(async () => expect((await node.engine.getTask(first!.task_id))!.status).toBe('completed'));
  });
});
