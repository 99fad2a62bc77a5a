/**
 * Schedule store conformance: a pass firing one schedule — lock, decide, insert the tick's tasks, advance — in one
 * transaction, exactly once however many processes try at the same moment.
 */
import { expect, it, vi } from 'vitest';
import { uuidv7 } from '../../../src/engine/index.js';
import type { DueSchedule, FireDecision } from '../../../src/schedules/index.js';
import type { Storage } from '../../../src/store/index.js';
import { newTaskFixture } from './newTaskFixture.js';
import { type ScheduleSuite, SCHEDULED_TYPE, dbClock, decision, newScheduleFixture, tickTask } from './scheduleSuite.js';

/** A decide that must not be called. */
const neverDecide = vi.fn((): FireDecision => {
  throw new Error('decide was called');
});

/** Claims and completes one task through the task store. */
async function completeThrough(storage: Storage, taskId: string): Promise<void> {
  const [claimed] = await storage.tasks.claimTasks({ types: [SCHEDULED_TYPE], limit: 1, leaseOwner: 'probe', leaseMs: 60_000 });
  expect(claimed?.task_id).toBe(taskId);
  await storage.tasks.completeTask(taskId, null, {}, claimed!.attempt);
}

/** Registers the fire tests. */
export function scheduleFireTests(suite: ScheduleSuite): void {
  it('a schedule not due, disabled or gone is not fired: null, and decide is not called', async () => {
    const { schedules } = suite.storage();
    const { at } = await dbClock(suite.storage());
    neverDecide.mockClear();
    const future = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(3_600_000) }));
    const off = await schedules.insertSchedule(newScheduleFixture({ enabled: false, next_run_at: at(-60_000) }));
    const idle = await schedules.insertSchedule(newScheduleFixture({ enabled: true, next_run_at: null }));
    for (const id of [future.id, off.id, idle.id, uuidv7()]) expect(await schedules.fire(id, neverDecide)).toBeNull();
    expect(neverDecide).not.toHaveBeenCalled();
    expect(await schedules.getSchedule(future.id)).toEqual(future);
  });

  it('a due schedule: decide gets the row and the database clock; the tasks are inserted and the decision written', async () => {
    const storage = suite.storage();
    const { schedules, tasks } = storage;
    const { at } = await dbClock(storage);
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-120_000) }));
    const ticks = [at(-120_000), at(-60_000)];
    const decided = ticks.map((tick) => tickTask(row.id, tick));
    let seen: DueSchedule | undefined;
    const result = await schedules.fire(row.id, (due) => {
      seen = due;
      return decision(decided, { next_run_at: at(60_000), last_run_at: ticks[1]!, last_error: 'late', skipped: 2 });
    });
    expect(seen!.row).toEqual(row);
    expect(seen!.now).toBeInstanceOf(Date);
    expect(Math.abs(seen!.now.getTime() - Date.now())).toBeLessThan(5_000);

    expect(result!.created.map((t) => t.task_id)).toEqual(decided.map((t) => t.task_id));
    for (const [i, created] of result!.created.entries()) {
      expect(created).toMatchObject({
        task_type: SCHEDULED_TYPE,
        status: 'pending',
        metadata: { schedule_id: row.id, scheduled_for: ticks[i] },
        payload: { tick: ticks[i] },
      });
      expect(await tasks.getTask(created.task_id)).toEqual(created);
    }
    // The tick's key is the task's idempotency key: an enqueue with it finds the task.
    const found = await tasks.insertIdempotent({ ...tickTask(row.id, ticks[0]!), idempotency_key: decided[0]!.idempotency_key! }, 60_000);
    expect(found).toMatchObject({ created: false, row: { task_id: decided[0]!.task_id } });

    const expected = {
      ...row,
      next_run_at: at(60_000),
      last_run_at: ticks[1],
      last_task_id: decided[1]!.task_id,
      last_task_status: 'pending',
      queued_for: null,
      last_error: 'late',
      skipped_count: 2,
      version: 1,
    };
    expect(result!.schedule).toEqual({ ...expected, updated_at: result!.schedule.updated_at });
    expect(await schedules.getSchedule(row.id)).toEqual(result!.schedule);
    // Fired again while not due: nothing.
    expect(await schedules.fire(row.id, neverDecide)).toBeNull();
  });

  it('a decision without tasks keeps the last task and run, queues a tick and counts the skip', async () => {
    const { schedules } = suite.storage();
    const { at } = await dbClock(suite.storage());
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-1_000) }));
    const first = await schedules.fire(row.id, () =>
      decision([tickTask(row.id, at(-1_000))], { next_run_at: at(-500), last_run_at: at(-1_000) }),
    );
    const taskId = first!.created[0]!.task_id;
    const second = await schedules.fire(row.id, () => decision([], { next_run_at: at(60_000), queued_for: at(-500), skipped: 1 }));
    expect(second!.created).toEqual([]);
    expect(second!.schedule).toMatchObject({
      last_task_id: taskId,
      last_run_at: at(-1_000),
      next_run_at: at(60_000),
      queued_for: at(-500),
      skipped_count: 1,
      version: 1,
    });
  });

  it('a task whose tick key is taken is not inserted again, and that is no error', async () => {
    const { schedules, tasks } = suite.storage();
    const { at } = await dbClock(suite.storage());
    const tick = at(-1_000);
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: tick }));
    // The decision leaves the schedule due, so it can be fired again with the same tick.
    const first = await schedules.fire(row.id, () => decision([tickTask(row.id, tick)], { next_run_at: tick, last_run_at: tick }));
    const taskId = first!.created[0]!.task_id;
    const replay = tickTask(row.id, tick);
    const second = await schedules.fire(row.id, () => decision([replay], { next_run_at: at(60_000), last_run_at: tick }));
    expect(second!.created).toEqual([]);
    expect(second!.schedule).toMatchObject({ last_task_id: taskId, next_run_at: at(60_000) });
    expect(await tasks.getTask(replay.task_id)).toBeNull();
    expect((await tasks.listTasks({ taskType: SCHEDULED_TYPE, limit: 10, offset: 0 })).total).toBe(1);
  });

  it('a singleton task whose key is held by a pending task is skipped without error; the next task is inserted', async () => {
    const { schedules, tasks } = suite.storage();
    const { at } = await dbClock(suite.storage());
    const [holder] = await tasks.insertTasks([newTaskFixture(SCHEDULED_TYPE, { singleton_key: 'bank-sync' })]);
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-2_000), overlap: 'allow' }));
    const blocked = tickTask(row.id, at(-2_000), { singleton_key: 'bank-sync' });
    const free = tickTask(row.id, at(-1_000));
    const result = await schedules.fire(row.id, () => decision([blocked, free], { next_run_at: at(60_000), last_run_at: at(-1_000) }));
    expect(result!.created.map((t) => t.task_id)).toEqual([free.task_id]);
    expect(result!.schedule.last_task_id).toBe(free.task_id);
    expect(await tasks.getTask(blocked.task_id)).toBeNull();
    expect(await tasks.getTask(holder!.task_id)).toMatchObject({ status: 'pending' });
  });

  it('a decide that throws writes nothing: the schedule stays due', async () => {
    const { schedules, tasks } = suite.storage();
    const { at } = await dbClock(suite.storage());
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-1_000) }));
    await expect(schedules.fire(row.id, neverDecide)).rejects.toThrow('decide was called');
    expect(await schedules.getSchedule(row.id)).toEqual(row);
    expect(await schedules.dueSchedules(10)).toEqual([row.id]);
    expect((await tasks.listTasks({ taskType: SCHEDULED_TYPE, limit: 10, offset: 0 })).total).toBe(0);
  });

  it('two processes firing the same due schedules at once: each tick is decided and inserted exactly once', async () => {
    const a = suite.storage();
    const b = await suite.harness().open();
    const { at } = await dbClock(a);
    const rows = await Promise.all(
      Array.from({ length: 5 }, () => a.schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-1_000) }))),
    );
    const decide = vi.fn((due: DueSchedule) =>
      decision([tickTask(due.row.id, at(-1_000))], { next_run_at: at(60_000), last_run_at: at(-1_000) }),
    );
    const results = await Promise.all(rows.flatMap((r) => [a.schedules.fire(r.id, decide), b.schedules.fire(r.id, decide)]));
    expect(decide).toHaveBeenCalledTimes(5);
    expect(results.filter((r) => r !== null)).toHaveLength(5);
    expect(results.flatMap((r) => r?.created ?? [])).toHaveLength(5);
    expect((await a.tasks.listTasks({ taskType: SCHEDULED_TYPE, limit: 100, offset: 0 })).total).toBe(5);
    expect(await b.schedules.dueSchedules(10)).toEqual([]);
  });

  it('the last task’s status is read with the row: pending, then completed, then null once the task is deleted', async () => {
    const storage = suite.storage();
    const { schedules, tasks } = storage;
    const { at } = await dbClock(storage);
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-1_000) }));
    const fired = await schedules.fire(row.id, () =>
      decision([tickTask(row.id, at(-1_000))], { next_run_at: at(60_000), last_run_at: at(-1_000) }),
    );
    const taskId = fired!.created[0]!.task_id;
    expect(await schedules.getSchedule(row.id)).toMatchObject({ last_task_id: taskId, last_task_status: 'pending' });
    await completeThrough(storage, taskId);
    expect(await schedules.getSchedule(row.id)).toMatchObject({ last_task_status: 'completed' });
    expect((await schedules.listSchedules())[0]).toMatchObject({ last_task_status: 'completed' });
    expect(await tasks.deleteFinishedBefore(new Date(Date.now() + 60_000))).toBe(1);
    expect(await schedules.getSchedule(row.id)).toMatchObject({ last_task_status: null });
  });
}
