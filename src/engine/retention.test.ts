/**
 * TASKCAST_TASK_RETENTION_HOURS: finished tasks older than the retention are deleted at start and then
 * periodically; pending, running and recent tasks stay. Real SQLite file.
 */
import { afterEach, expect, it } from 'vitest';
import { TaskEngine } from './index.js';
import { openTestSqlite } from '../../test/support/sqlite.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('deletes finished tasks older than the retention at start and at each sweep, and nothing else', async () => {
  const storage = await openTestSqlite();
  cleanups.push(() => storage.drop());
  const setup = new TaskEngine({ storage });
  const [oldDone, oldFailed, recentDone, pending, hour5Done] = await Promise.all(
    [1, 2, 3, 4, 5].map(() => setup.createTask({ task_type: 'report' })),
  );
  for (const t of [oldDone!, recentDone!, hour5Done!]) {
    await setup.startTask(t.task_id);
    await setup.completeTask(t.task_id, { ok: true });
  }
  await setup.failTask(oldFailed!.task_id, 'boom');
  await setup.stop(100);
  const age = (taskId: string, hours: number) =>
    storage.db.prepare('UPDATE tasks SET completed_at = ? WHERE task_id = ?').run(Date.now() - hours * 3_600_000, taskId);
  age(oldDone!.task_id, 30);
  age(oldFailed!.task_id, 25);
  age(hour5Done!.task_id, 5);

  const engine = new TaskEngine({ storage, retentionHours: 24, retentionSweepMs: 50 });
  cleanups.push(() => engine.stop(100));
  await engine.start();
  await expect.poll(async () => (await engine.listTasks({ limit: 100, offset: 0 })).total).toBe(3);
  const left = (await engine.listTasks({ limit: 100, offset: 0 })).tasks.map((t) => t.task_id).sort();
  expect(left).toEqual([recentDone!.task_id, pending!.task_id, hour5Done!.task_id].sort());

  // A task that ages past the retention goes at the next sweep.
  age(hour5Done!.task_id, 48);
  await expect.poll(async () => await engine.getTask(hour5Done!.task_id)).toBeNull();
  expect((await engine.listTasks({ limit: 100, offset: 0 })).total).toBe(2);
});
