/** Task store conformance: creating and inserting tasks (pending, already claimed, singletons). */
import { expect, it } from 'vitest';
import { TaskAlreadyActiveError } from '../../../src/engine/index.js';
import { gate, waitForFinal, waitForTask } from '../../support/wait.js';
import { newTaskFixture } from './newTaskFixture.js';
import type { TaskSuite } from './taskSuite.js';

/** Registers the inserts tests. */
export function taskInsertTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  it('creates a pending task with the specification fields in snake_case', async () => {
    const engine = newEngine();
    const task = await engine.createTask({ task_type: 'my_task', total: 100, metadata: { user_id: 123 }, user_id: 7 });
    expect(task).toMatchObject({
      task_type: 'my_task',
      status: 'pending',
      progress: 0,
      total: 100,
      processed: 0,
      message: null,
      started_at: null,
      completed_at: null,
      result: null,
      error: null,
      metadata: { user_id: 123 },
      user_id: 7,
      cancel_requested: false,
      attempt: 0,
      priority: 0,
      seq: 1,
    });
    expect(task.task_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Date(task.created_at).toISOString()).toBe(task.created_at);
    expect(await engine.getTask(task.task_id)).toEqual(task);
    expect(Object.keys(task)).not.toContain('payload');
  });

  it('inserts tasks already claimed when asked: running, attempt 1, seq 2, invisible to claims', async () => {
    const storage = suite.storage();
    const newTask = (i: number) => newTaskFixture('direct', { payload: { i } });
    for (const batch of [[newTask(1)], [newTask(2), newTask(3)]]) {
      const rows = await storage.tasks.insertTasks(batch, { leaseOwner: 'node-a', leaseMs: 60_000 });
      expect(rows.map((r) => r.task_id)).toEqual(batch.map((t) => t.task_id));
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'running', attempt: 1, seq: 2, lease_owner: 'node-a', started_at: row.created_at });
        const leaseMs = Date.parse(row.lease_expires_at!) - Date.parse(row.created_at);
        expect(leaseMs).toBeGreaterThanOrEqual(59_999);
        expect(leaseMs).toBeLessThanOrEqual(60_001);
        expect(await storage.tasks.getTask(row.task_id)).toEqual(row);
      }
    }
    expect(await storage.tasks.claimTasks({ types: ['direct'], limit: 10, leaseOwner: 'node-b', leaseMs: 60_000 })).toEqual([]);
    const [one] = await storage.tasks.insertTasks([{ ...newTask(4), singleton_key: 'only' }], { leaseOwner: 'node-a', leaseMs: 1000 });
    await expect(storage.tasks.insertTasks([{ ...newTask(5), singleton_key: 'only' }])).rejects.toBeInstanceOf(TaskAlreadyActiveError);
    const done = await storage.tasks.completeTasks([{ taskId: one!.task_id, result: { ok: true }, update: {}, fence: 1, known: one }]);
    expect(done[0]).toEqual(await storage.tasks.getTask(one!.task_id));
    expect(done[0]).toMatchObject({
      status: 'completed',
      progress: 100,
      result: { ok: true },
      seq: 3,
      lease_owner: 'node-a',
      lease_expires_at: null,
    });
  });

  it('keeps at most one pending or running task of a singleton type', async () => {
    const engine = newEngine();
    const release = gate();
    engine.defineTaskType({ type: 'only_one', singleton: true, handler: () => release.promise.then(() => null) });
    const first = await engine.enqueue('only_one');
    const refused = await engine.enqueue('only_one').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TaskAlreadyActiveError);
    expect((refused as TaskAlreadyActiveError).activeTaskId).toBe(first.task_id);
    await engine.start();
    await waitForTask(engine, first.task_id, (t) => t.status === 'running');
    await expect(engine.enqueue('only_one')).rejects.toBeInstanceOf(TaskAlreadyActiveError);
    release.open();
    await waitForFinal(engine, first.task_id);
    const second = await engine.enqueue('only_one');
    expect(second.task_id).not.toBe(first.task_id);
  });
}
