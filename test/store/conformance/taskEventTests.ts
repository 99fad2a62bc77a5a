/** Task store conformance: subscriptions, and the coalescing of a flood of progress. */
import { expect, it } from 'vitest';
import { type Task } from '../../../src/engine/index.js';
import { waitForFinal } from '../../support/wait.js';
import type { TaskSuite } from './taskSuite.js';

/** Registers the updates tests. */
export function taskEventTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  it('subscriptions: per task and for all tasks, each with a working unsubscribe', async () => {
    const engine = newEngine();
    const a = await engine.createTask({ task_type: 'manual' });
    const b = await engine.createTask({ task_type: 'manual' });
    const onA: Task[] = [];
    const onAll: Task[] = [];
    const offA = engine.subscribe(a.task_id, (t) => onA.push(t));
    const offAll = engine.subscribeAll((t) => onAll.push(t));
    await engine.cancelTask(a.task_id);
    await engine.cancelTask(b.task_id);
    expect(onA.map((t) => t.status)).toEqual(['cancelled']);
    expect(onAll.map((t) => t.task_id)).toEqual([a.task_id, b.task_id]);
    offA();
    offAll();
    await engine.startTask((await engine.createTask({ task_type: 'manual' })).task_id);
    expect(onAll).toHaveLength(2);
    expect(engine.events.listenerCount()).toBe(0);
  });

  it('coalesces a flood of progress calls and keeps the final state exact', async () => {
    const engine = newEngine();
    const N = 200_000;
    engine.defineTaskType({
      type: 'flood',
      async handler(ctx) {
        for (let i = 1; i <= N; i++) {
          ctx.progress(i, `item ${i}`);
          if (i % 20_000 === 0) await new Promise((r) => setTimeout(r, 5));
        }
        return { n: N };
      },
    });
    await engine.start();
    const updates: Task[] = [];
    engine.subscribeAll((t) => updates.push(t));
    const t = await engine.enqueue('flood', { total: N });
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'completed', processed: N, message: `item ${N}`, progress: 100 });
    expect(updates.length).toBeLessThan(60);
    expect(updates.at(-1)).toEqual(done);
  });
}
