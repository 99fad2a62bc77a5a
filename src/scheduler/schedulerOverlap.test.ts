/**
 * Overlap (issue 12): what a tick does while the schedule's previous task is still pending or running — `skip`
 * creates none and counts it, `queue` keeps the newest tick and creates its task once the previous one ends,
 * `allow` creates it anyway, except for a singleton task type (one at a time: `allow` acts as `skip`). Three ticks
 * 2 s apart, the first one's task held running by the test. SQLite and PostgreSQL alike.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../engine/index.js';
import type { Storage } from '../store/index.js';
import type { OverlapPolicy } from '../wire/index.js';
import {
  HELD,
  HELD_SINGLETON,
  cronAt,
  scheduleFixture,
  schedulerBackends,
  tasksOf,
  ticksOf,
  until,
  untilPast,
  useSchedulerWorld,
  wholeSeconds,
} from '../../test/support/schedulerNodes.js';

describe.each(await schedulerBackends())('scheduler, overlap: $name', ({ makeHarness }) => {
  const world = useSchedulerWorld(makeHarness);

  /** A schedule of `type` with three ticks 2 s apart starting 2 s from now, and the node firing it. */
  async function threeTicks(storage: Storage, overlap: OverlapPolicy, type = HELD) {
    const { tick } = await wholeSeconds(storage);
    const ticks = [tick(2), tick(4), tick(6)];
    const iso = ticks.map((t) => t.toISOString());
    const row = await storage.schedules.insertSchedule(
      scheduleFixture({ task_type: type, cron: cronAt(ticks), next_run_at: iso[0]!, overlap }),
    );
    const node = await world.node();
    // The first tick's task, held running.
    const [first] = await until(async () => {
      const tasks = await tasksOf(node, row.id);
      expect(tasks).toHaveLength(1);
      return tasks;
    });
    expect(first!.metadata.scheduled_for).toBe(iso[0]);
    return { row, node, ticks, iso, first: first! };
  }

  it('`skip`: no second task while the first runs; each tick over it is counted in skipped_count', async () => {
    const storage = world.storage();
    const { row, node, ticks, iso, first } = await threeTicks(storage, 'skip');
    const after = await untilPast(storage, row.id, ticks[2]!);
    expect(after).toMatchObject({ skipped_count: 2, last_run_at: iso[2], queued_for: null, last_task_id: first.task_id });
    expect(['pending', 'running']).toContain(after.last_task_status);
    expect(await ticksOf(node, row.id)).toEqual([iso[0]]);
    // Ending the first task creates nothing: the skipped ticks are gone.
    world.held.release(first.task_id);
    await until(async () => expect((await storage.schedules.getSchedule(row.id))!.last_task_status).toBe('completed'));
    const passes = node.scheduler.passes;
    await until(() => expect(node.scheduler.passes).toBeGreaterThan(passes + 1));
    expect(await ticksOf(node, row.id)).toEqual([iso[0]]);
  });

  it('`skip` with a schedule_missed rule: the passes that skipped record events whose skipped ticks add up (issue 15)', async () => {
    const storage = world.storage();
    await storage.notifications.insertRule({
      id: uuidv7(),
      name: 'пропуски',
      event: 'schedule_missed',
      task_type: HELD,
      stuck_minutes: null,
      user_ids: [1],
      user_channels: ['app'],
      emails: [],
      webhook_url: null,
      webhook_secret: null,
      mode: 'immediate',
      digest_minutes: null,
      enabled: true,
      created_by: null,
    });
    const { row, ticks, first } = await threeTicks(storage, 'skip');
    await untilPast(storage, row.id, ticks[2]!);
    const events = await storage.notifications.pendingEvents(100);
    expect(events.every((e) => e.kind === 'schedule_missed' && e.task_type === HELD && e.task_id === null)).toBe(true);
    expect(events.map((e) => (e.detail as { schedule_id: string }).schedule_id)).toEqual(events.map(() => row.id));
    expect(events.reduce((sum, e) => sum + (e.detail as { skipped: number }).skipped, 0)).toBe(2);
    world.held.release(first.task_id);
  });

  it('`queue`: nothing while the first runs; once it ends, exactly one task, for the newest tick skipped over', async () => {
    const storage = world.storage();
    const { row, node, ticks, iso, first } = await threeTicks(storage, 'queue');
    // The 2nd tick is queued, then the 3rd replaces it.
    const after = await untilPast(storage, row.id, ticks[2]!);
    expect(after).toMatchObject({ queued_for: iso[2], last_run_at: iso[2], skipped_count: 0, last_task_id: first.task_id });
    expect(await ticksOf(node, row.id)).toEqual([iso[0]]);

    world.held.release(first.task_id);
    const tasks = await until(async () => {
      const all = await tasksOf(node, row.id);
      expect(all).toHaveLength(2);
      return all;
    });
    expect(tasks.map((t) => t.metadata.scheduled_for)).toEqual([iso[0], iso[2]]);
    const queued = tasks[1]!;
    const now = await storage.schedules.getSchedule(row.id);
    expect(now).toMatchObject({ queued_for: null, last_task_id: queued.task_id });
    // No more: the queued tick fired once.
    world.held.release(queued.task_id);
    await until(async () => expect((await storage.schedules.getSchedule(row.id))!.last_task_status).toBe('completed'));
    const passes = node.scheduler.passes;
    await until(() => expect(node.scheduler.passes).toBeGreaterThan(passes + 1));
    expect(await ticksOf(node, row.id)).toEqual([iso[0], iso[2]]);
  });

  it('`allow`: a task per tick while the first still runs', async () => {
    const storage = world.storage();
    const { row, node, ticks, iso, first } = await threeTicks(storage, 'allow');
    await untilPast(storage, row.id, ticks[2]!);
    const tasks = await tasksOf(node, row.id);
    expect(tasks.map((t) => t.metadata.scheduled_for)).toEqual(iso);
    expect(['pending', 'running']).toContain((await node.engine.getTask(first.task_id))!.status);
    for (const t of tasks) world.held.release(t.task_id);
    expect((await storage.schedules.getSchedule(row.id))!.skipped_count).toBe(0);
  });

  it('`allow` with a singleton task type acts as `skip`: no error, no second task', async () => {
    const storage = world.storage();
    const { row, node, ticks, iso, first } = await threeTicks(storage, 'allow', HELD_SINGLETON);
    const after = await untilPast(storage, row.id, ticks[2]!);
    expect(after).toMatchObject({ last_error: null, last_run_at: iso[2], queued_for: null, last_task_id: first.task_id });
    expect(await ticksOf(node, row.id)).toEqual([iso[0]]);
    world.heldSingleton.release(first.task_id);
  });
});
