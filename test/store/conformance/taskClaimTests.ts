/** Task store conformance: claiming (concurrency, priority, direct start, two runners) and handing claims back. */
import { expect, it } from 'vitest';
import { type TaskEngine, type Task } from '../../../src/engine/index.js';
import { gate, waitForFinal } from '../../support/wait.js';
import type { TaskSuite } from './taskSuite.js';

/** Registers the claims tests. */
export function taskClaimTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  it('never runs more than the concurrency at once, and claims by priority', async () => {
    const storage = suite.storage();
    const engine = newEngine(storage, 3);
    let now = 0;
    let peak = 0;
    const order: number[] = [];
    engine.defineTaskType<{ i: number }>({
      type: 'slot',
      async handler(ctx) {
        order.push(ctx.payload.i);
        peak = Math.max(peak, ++now);
        await new Promise((r) => setTimeout(r, 10));
        now--;
      },
    });
    const tasks = await engine.enqueueMany('slot', [
      ...Array.from({ length: 9 }, (_, i) => ({ payload: { i } })),
      { payload: { i: 99 }, priority: 10 },
    ]);
    await engine.start();
    await Promise.all(tasks.map((t) => waitForFinal(engine, t.task_id)));
    expect(peak).toBe(3);
    expect(order[0]).toBe(99);
    expect(order.slice(1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('starts a task enqueued on an idle runner at once; behind busy slots it waits its turn in order', async () => {
    const storage = suite.storage();
    const engine = newEngine(storage, 1);
    const release = gate();
    const order: string[] = [];
    engine.defineTaskType<{ name: string }>({
      type: 'turn',
      async handler(ctx) {
        order.push(ctx.payload.name);
        if (ctx.payload.name === 'first') await release.promise;
        return ctx.payload.name;
      },
    });
    await engine.start();
    await new Promise((r) => setTimeout(r, 100)); // the start-up claim finds nothing pending
    const seen: Task[] = [];
    engine.subscribeAll((t) => seen.push(t));
    const first = await engine.enqueue('turn', { payload: { name: 'first' } });
    // Returned and announced as created, like any enqueue; it is already running in the store.
    expect(first).toMatchObject({ status: 'pending', seq: 1, attempt: 0, started_at: null });
    expect(await engine.getTask(first.task_id)).toMatchObject({ status: 'running', seq: 2, attempt: 1 });
    const second = await engine.enqueue('turn', { payload: { name: 'second' } });
    const third = await engine.enqueue('turn', { payload: { name: 'third' }, priority: 5 });
    expect(await engine.getTask(second.task_id)).toMatchObject({ status: 'pending' });
    release.open();
    await Promise.all([first, second, third].map((t) => waitForFinal(engine, t.task_id)));
    expect(order).toEqual(['first', 'third', 'second']);
    const firstUpdates = seen.filter((t) => t.task_id === first.task_id).map((t) => [t.status, t.seq]);
    expect(firstUpdates).toEqual([
      ['pending', 1],
      ['running', 2],
      ['completed', 3],
    ]);
  });

  it('two runners on separate connections run each task exactly once', async () => {
    const storage = suite.storage();
    const other = await suite.harness().open();
    const runs = new Map<number, number>();
    const define = (e: TaskEngine) =>
      e.defineTaskType<{ i: number }>({
        type: 'once',
        async handler(ctx) {
          runs.set(ctx.payload.i, (runs.get(ctx.payload.i) ?? 0) + 1);
          await ctx.yield();
        },
      });
    const e1 = newEngine(storage, 5);
    const e2 = newEngine(other, 5);
    define(e1);
    define(e2);
    const completed = new Set<string>();
    const allDone = gate();
    for (const e of [e1, e2]) {
      e.subscribeAll((t) => {
        if (t.status === 'completed') completed.add(t.task_id);
        if (completed.size === 200) allDone.open();
      });
    }
    const tasks = await e1.enqueueMany(
      'once',
      Array.from({ length: 200 }, (_, i) => ({ payload: { i } })),
    );
    await Promise.all([e1.start(), e2.start()]);
    await allDone.promise;
    const stored = await storage.tasks.listTasks({ limit: 200, offset: 0, taskType: 'once' });
    expect(stored.tasks.every((t) => t.status === 'completed' && t.attempt === 1)).toBe(true);
    expect(new Set(tasks.map((t) => t.task_id))).toEqual(completed);
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    await e2.stop(1000);
    await other.close();
  });

  it('hands claimed tasks that never started back to pending, only while the attempt matches', async () => {
    const storage = suite.storage();
    const engine = newEngine();
    const a = await engine.createTask({ task_type: 'ahead' });
    const b = await engine.createTask({ task_type: 'ahead' });
    const claimed = await storage.tasks.claimTasks({ types: ['ahead'], limit: 2, leaseOwner: 'x', leaseMs: 60_000 });
    expect(claimed.map((r) => r.attempt)).toEqual([1, 1]);
    const released = await storage.tasks.releaseTasks([
      { taskId: a.task_id, fence: 1 },
      { taskId: b.task_id, fence: 7 },
    ]);
    expect(released.map((r) => r.task_id)).toEqual([a.task_id]);
    expect(await engine.getTask(a.task_id)).toMatchObject({ status: 'pending', attempt: 0, started_at: null, seq: claimed[0]!.seq + 1 });
    expect(await engine.getTask(b.task_id)).toMatchObject({ status: 'running', attempt: 1 });
  });
}
