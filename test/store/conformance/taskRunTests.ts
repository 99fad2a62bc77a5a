/** Task store conformance: registered types and handlers run to their final state. */
import { expect, it } from 'vitest';
import { type Task } from '../../../src/engine/index.js';
import { waitForFinal } from '../../support/wait.js';
import type { TaskSuite } from './taskSuite.js';

/** Registers the runs tests. */
export function taskRunTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  it('runs a registered type to completion, with ordered updates ending in the final state', async () => {
    const engine = newEngine();
    engine.defineTaskType<{ n: number }>({
      type: 'count',
      async handler(ctx) {
        for (let i = 1; i <= ctx.payload.n; i++) {
          ctx.progress(i, `Обработано ${i}`);
          await ctx.yield();
        }
        return { counted: ctx.payload.n };
      },
    });
    await engine.start();
    const seen: Task[] = [];
    const created = await engine.enqueue('count', { payload: { n: 50 }, total: 50 });
    engine.subscribe(created.task_id, (t) => seen.push(t));
    const done = await waitForFinal(engine, created.task_id);
    expect(done).toMatchObject({
      status: 'completed',
      progress: 100,
      processed: 50,
      message: 'Обработано 50',
      result: { counted: 50 },
      attempt: 1,
    });
    expect(done.started_at).not.toBeNull();
    expect(done.completed_at! >= done.started_at!).toBe(true);
    const seqs = seen.map((t) => t.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seen.at(-1)).toEqual(done);
    expect(await engine.getTask(created.task_id)).toEqual(done);
  });

  it('fails a task whose handler throws, with the message and no stack', async () => {
    const engine = newEngine();
    engine.defineTaskType({
      type: 'boom',
      handler(ctx) {
        ctx.progress(3, 'почти');
        throw new Error('1С недоступна');
      },
    });
    await engine.start();
    const t = await engine.enqueue('boom');
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'failed', error: '1С недоступна', processed: 3, message: 'почти' });
    expect(done.error).not.toMatch(/at .*\.ts/);
  });

  it('runAsyncTask runs a handler for an existing task', async () => {
    const engine = newEngine();
    const t = await engine.createTask({ task_type: 'my_custom_task', total: 1000 });
    const final = await engine.runAsyncTask(t.task_id, async (ctx) => {
      for (let i = 0; i < 1000; i++) {
        ctx.progress(i + 1, `Processed ${i + 1}/1000`);
        if (i % 50 === 0) await ctx.yield();
      }
      return { processed: 1000 };
    });
    expect(final).toMatchObject({ status: 'completed', processed: 1000, result: { processed: 1000 }, message: 'Processed 1000/1000' });
  });
}
