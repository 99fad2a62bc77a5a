/** Task store conformance: subscriptions, and the coalescing of progress (a flood, and reports now and then). */
import { expect, it } from 'vitest';
import { type Task } from '../../../src/engine/index.js';
import { gate, waitForFinal, waitForTask } from '../../support/wait.js';
import type { Storage } from '../../../src/store/index.js';
import type { TaskSuite } from './taskSuite.js';
import { wrapTaskStore } from './wrapTaskStore.js';

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

  it('after a report written at once, the next progress write waits a whole interval', async () => {
    const storage = suite.storage();
    const { timed, writes } = timedProgressWrites(storage);
    const INTERVAL_MS = 200;
    const engine = newEngine(timed, 4, { progressIntervalMs: INTERVAL_MS });
    const finish = gate();
    engine.defineTaskType({
      type: 'two_reports',
      async handler(ctx) {
        ctx.progress(1);
        // Quiet for more than an interval, so the next report is written at once too — somewhere between two of
        // the timer's ticks (they started with the task).
        await new Promise((r) => setTimeout(r, INTERVAL_MS * 1.25));
        ctx.progress(2);
        await new Promise((r) => setImmediate(r));
        ctx.progress(3);
        await finish.promise;
        return null;
      },
    });
    await engine.start();
    const t = await engine.enqueue('two_reports', { total: 3 });
    await waitForTask(engine, t.task_id, (x) => x.processed === 3);
    finish.open();
    await waitForFinal(engine, t.task_id);
    // 1 and 2 at once, 3 by the timer — not at its next tick, which comes sooner than an interval after 2's write
    // (a microtask's delay allowed).
    expect(writes).toHaveLength(3);
    expect(writes[2]! - writes[1]!).toBeGreaterThanOrEqual(INTERVAL_MS - 20);
  });

  it('a handler that reports and returns in the same turn ends with its final write alone', async () => {
    const storage = suite.storage();
    const { timed, writes } = timedProgressWrites(storage);
    const engine = newEngine(timed);
    engine.defineTaskType({
      type: 'reports_and_returns',
      handler(ctx) {
        ctx.progress(5, 'всё');
        return 'готово';
      },
    });
    await engine.start();
    const t = await engine.enqueue('reports_and_returns', { total: 5 });
    expect(await waitForFinal(engine, t.task_id)).toMatchObject({ status: 'completed', processed: 5, message: 'всё' });
    expect(writes).toHaveLength(0);
  });

  it('a report after a quiet interval is written at once, not at the next tick; more within the interval wait for it', async () => {
    // An interval no test outlives: only the leading edge can write the first two reports before the end.
    const engine = newEngine(undefined, 4, { progressIntervalMs: 600_000 });
    const second = gate();
    const finish = gate();
    engine.defineTaskType({
      type: 'reports',
      async handler(ctx) {
        ctx.progress(1, 'первый');
        await second.promise;
        ctx.progress(2, 'второй');
        ctx.progress(3, 'третий');
        await finish.promise;
        return null;
      },
    });
    await engine.start();
    const t = await engine.enqueue('reports', { total: 10 });
    expect(await waitForTask(engine, t.task_id, (x) => x.processed === 1)).toMatchObject({ status: 'running', message: 'первый' });
    second.open();
    // The second and third come within the interval of the first: coalesced, held until the final write.
    await new Promise((r) => setTimeout(r, 50));
    expect(await engine.getTask(t.task_id)).toMatchObject({ status: 'running', processed: 1 });
    finish.open();
    expect(await waitForFinal(engine, t.task_id)).toMatchObject({ status: 'completed', processed: 3, message: 'третий' });
  });
}

/** The storage with each progress write's time (performance.now()) recorded as it reaches the store. */
function timedProgressWrites(storage: Storage): { timed: Storage; writes: number[] } {
  const writes: number[] = [];
  const timed = wrapTaskStore(storage, 'setProgress', (setProgress) => (...args) => {
    writes.push(performance.now());
    return setProgress(...args);
  });
  return { timed, writes };
}
