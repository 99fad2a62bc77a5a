/** Schedule store conformance: storing, reading, listing, editing (by version) and removing schedules. */
import { expect, it } from 'vitest';
import { uuidv7 } from '../../../src/engine/index.js';
import { newTaskFixture } from './newTaskFixture.js';
import { type ScheduleSuite, SCHEDULED_TYPE, dbClock, newScheduleFixture } from './scheduleSuite.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers the row tests. */
export function scheduleRowTests(suite: ScheduleSuite): void {
  it('stores a schedule and returns it as stored: version 1, nothing fired yet, times by the database', async () => {
    const { schedules } = suite.storage();
    const { now, at } = await dbClock(suite.storage());
    const input = newScheduleFixture({ next_run_at: at(3_600_000), created_by: 7, missed: 'all', missed_cap: 3, overlap: 'queue' });
    const row = await schedules.insertSchedule(input);
    expect(row).toEqual({
      ...input,
      last_run_at: null,
      last_task_id: null,
      last_task_status: null,
      queued_for: null,
      last_error: null,
      skipped_count: 0,
      created_at: row.created_at,
      updated_at: row.created_at,
      version: 1,
    });
    expect(new Date(row.created_at).toISOString()).toBe(row.created_at);
    expect(Math.abs(Date.parse(row.created_at) - now.getTime())).toBeLessThan(5_000);
    expect(await schedules.getSchedule(input.id)).toEqual(row);
    expect(await schedules.getSchedule(uuidv7())).toBeNull();

    // A disabled schedule has no next run; a null payload stays null.
    const off = await schedules.insertSchedule(newScheduleFixture({ enabled: false, payload: null }));
    expect(off).toMatchObject({ enabled: false, next_run_at: null, payload: null });
  });

  it('lists every schedule by name, then id', async () => {
    const { schedules } = suite.storage();
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    await schedules.insertSchedule(newScheduleFixture({ id: ids[2]!, name: 'beta' }));
    await schedules.insertSchedule(newScheduleFixture({ id: ids[1]!, name: 'alpha' }));
    await schedules.insertSchedule(newScheduleFixture({ id: ids[0]!, name: 'alpha', enabled: false }));
    expect((await schedules.listSchedules()).map((s) => [s.name, s.id])).toEqual([
      ['alpha', ids[0]],
      ['alpha', ids[1]],
      ['beta', ids[2]],
    ]);
  });

  it('an edit writes the fields given, keeps the rest, bumps the version and updated_at; a stale version writes nothing', async () => {
    const { schedules } = suite.storage();
    const { at } = await dbClock(suite.storage());
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(60_000) }));
    await sleep(20);
    const edited = await schedules.updateSchedule(row.id, 1, {
      name: 'утренняя',
      cron: '0 6 * * 1-5',
      payload: { period: 'last_days', days: 7 },
      next_run_at: at(120_000),
      last_error: 'cron: invalid',
    });
    expect(edited).toEqual({
      ...row,
      name: 'утренняя',
      cron: '0 6 * * 1-5',
      payload: { period: 'last_days', days: 7 },
      next_run_at: at(120_000),
      last_error: 'cron: invalid',
      version: 2,
      updated_at: edited!.updated_at,
    });
    expect(edited!.updated_at > row.updated_at).toBe(true);
    expect(await schedules.getSchedule(row.id)).toEqual(edited);

    // Version 1 is stale now: nothing written.
    expect(await schedules.updateSchedule(row.id, 1, { name: 'lost' })).toBeNull();
    expect(await schedules.getSchedule(row.id)).toEqual(edited);

    // Disabling clears the next run; queued_for and last_error can be cleared.
    const off = await schedules.updateSchedule(row.id, 2, { enabled: false, next_run_at: null, queued_for: at(0), last_error: null });
    expect(off).toMatchObject({ enabled: false, next_run_at: null, queued_for: at(0), last_error: null, version: 3 });
    expect(await schedules.updateSchedule(row.id, 3, { queued_for: null })).toMatchObject({ queued_for: null, version: 4 });
    expect(await schedules.updateSchedule(uuidv7(), 1, { name: 'nobody' })).toBeNull();
  });

  it('a delete removes the schedule once (false the second time) and leaves its tasks', async () => {
    const { schedules, tasks } = suite.storage();
    const row = await schedules.insertSchedule(newScheduleFixture());
    const [task] = await tasks.insertTasks([newTaskFixture(SCHEDULED_TYPE, { metadata: { schedule_id: row.id } })]);
    expect(await schedules.recordManualRun(row.id, task!.task_id)).toBe(true);
    expect(await schedules.deleteSchedule(row.id)).toBe(true);
    expect(await schedules.getSchedule(row.id)).toBeNull();
    expect(await schedules.listSchedules()).toEqual([]);
    expect(await schedules.deleteSchedule(row.id)).toBe(false);
    expect(await tasks.getTask(task!.task_id)).toMatchObject({ status: 'pending' });
  });

  it('a manual run becomes the last task (with its status); false when the schedule is gone', async () => {
    const { schedules, tasks } = suite.storage();
    const row = await schedules.insertSchedule(newScheduleFixture());
    const [task] = await tasks.insertTasks([newTaskFixture(SCHEDULED_TYPE)]);
    expect(await schedules.recordManualRun(row.id, task!.task_id)).toBe(true);
    expect(await schedules.getSchedule(row.id)).toMatchObject({ last_task_id: task!.task_id, last_task_status: 'pending' });
    expect(await schedules.recordManualRun(uuidv7(), task!.task_id)).toBe(false);
  });
}
