/**
 * Schedule store conformance: the database's clock, the next moment a pass is needed, and which schedules are due
 * (enabled, `next_run_at` passed, or a queued tick whose previous task has ended).
 */
import { expect, it } from 'vitest';
import type { Storage } from '../../../src/store/index.js';
import { newTaskFixture } from './newTaskFixture.js';
import { type ScheduleSuite, SCHEDULED_TYPE, dbClock, newScheduleFixture } from './scheduleSuite.js';

/**
 * A schedule due an hour from now holding a queued tick whose previous task is pending; `finish` completes that
 * task (claimed, then completed through the task store).
 */
async function queuedBehindPendingTask(storage: Storage) {
  const { at } = await dbClock(storage);
  const row = await storage.schedules.insertSchedule(newScheduleFixture({ overlap: 'queue', next_run_at: at(3_600_000) }));
  const [task] = await storage.tasks.insertTasks([newTaskFixture(SCHEDULED_TYPE)]);
  await storage.schedules.recordManualRun(row.id, task!.task_id);
  const queued = await storage.schedules.updateSchedule(row.id, 1, { queued_for: at(-1_000) });
  expect(queued).toMatchObject({ queued_for: at(-1_000), last_task_status: 'pending' });
  return {
    id: row.id,
    nextRunAt: row.next_run_at!,
    async finish() {
      const [claimed] = await storage.tasks.claimTasks({ types: [SCHEDULED_TYPE], limit: 1, leaseOwner: 'probe', leaseMs: 60_000 });
      expect(claimed?.task_id).toBe(task!.task_id);
      await storage.tasks.completeTask(task!.task_id, null, {}, claimed!.attempt);
    },
  };
}

/** Registers the due-ness tests. */
export function scheduleDueTests(suite: ScheduleSuite): void {
  it('now() is the database clock, close to real time', async () => {
    const now = await suite.storage().schedules.now();
    expect(now).toBeInstanceOf(Date);
    expect(Math.abs(now.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('the next pass is due at the earliest next run of the enabled schedules; none without an enabled one', async () => {
    const { schedules } = suite.storage();
    expect(await schedules.nextDue()).toBeNull();
    const { at } = await dbClock(suite.storage());
    const off = await schedules.insertSchedule(newScheduleFixture({ enabled: false }));
    // A disabled schedule is ignored even if a next run were left on it.
    await schedules.insertSchedule(newScheduleFixture({ enabled: false, next_run_at: at(60_000) }));
    expect(await schedules.nextDue()).toBeNull();

    await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(7_200_000) }));
    await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(3_600_000) }));
    const next = await schedules.nextDue();
    expect(next!.at.toISOString()).toBe(at(3_600_000));
    expect(next!.inMs).toBeGreaterThan(3_600_000 - 5_000);
    expect(next!.inMs).toBeLessThanOrEqual(3_600_000);

    // An enabled schedule past its next run: due already.
    await schedules.updateSchedule(off.id, 1, { enabled: true, next_run_at: at(-30_000) });
    const due = await schedules.nextDue();
    expect(due!.at.toISOString()).toBe(at(-30_000));
    expect(due!.inMs).toBeLessThanOrEqual(-30_000);
  });

  it('a queued tick makes the next pass due now once the previous task has ended, not while it is pending', async () => {
    const storage = suite.storage();
    const queued = await queuedBehindPendingTask(storage);
    expect((await storage.schedules.nextDue())!.at.toISOString()).toBe(queued.nextRunAt);
    await queued.finish();
    const next = await storage.schedules.nextDue();
    expect(next!.inMs).toBeLessThanOrEqual(0);
    expect(Math.abs(next!.at.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('due schedules: the enabled ones whose next run has passed by the database clock, earliest first, at most the limit', async () => {
    const { schedules } = suite.storage();
    expect(await schedules.dueSchedules(10)).toEqual([]);
    const { at } = await dbClock(suite.storage());
    const later = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-60_000) }));
    const earliest = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-120_000) }));
    await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(3_600_000) }));
    await schedules.insertSchedule(newScheduleFixture({ enabled: false, next_run_at: at(-180_000) }));
    await schedules.insertSchedule(newScheduleFixture({ enabled: false }));
    expect(await schedules.dueSchedules(10)).toEqual([earliest.id, later.id]);
    expect(await schedules.dueSchedules(1)).toEqual([earliest.id]);
  });

  it('a queued tick is due only when the previous task is no longer pending or running', async () => {
    const storage = suite.storage();
    const queued = await queuedBehindPendingTask(storage);
    expect(await storage.schedules.dueSchedules(10)).toEqual([]);
    await queued.finish();
    expect(await storage.schedules.dueSchedules(10)).toEqual([queued.id]);
  });
}
