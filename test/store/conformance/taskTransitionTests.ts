/** Task store conformance: cancellation and the guarded state machine, by hand and through the engine. */
import { expect, it } from 'vitest';
import {
  InvalidTransitionError,
  TaskNotCancellableError,
  TaskNotFoundError,
  UnknownTaskTypeError,
  uuidv7,
} from '../../../src/engine/index.js';
import { gate, waitForFinal, waitForTask } from '../../support/wait.js';
import type { TaskSuite } from './taskSuite.js';

/** Registers the transitions tests. */
export function taskTransitionTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  it('cancels a pending task at once and refuses to cancel it twice', async () => {
    const engine = newEngine();
    const t = await engine.createTask({ task_type: 'manual' });
    const cancelled = await engine.cancelTask(t.task_id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_requested: true });
    expect(cancelled.completed_at).not.toBeNull();
    expect(cancelled.seq).toBeGreaterThan(t.seq);
    await expect(engine.cancelTask(t.task_id)).rejects.toBeInstanceOf(TaskNotCancellableError);
    await expect(engine.cancelTask(uuidv7())).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it('cancels a running task cooperatively: it ends cancelled, keeping its last progress', async () => {
    const engine = newEngine();
    const started = gate();
    engine.defineTaskType({
      type: 'endless',
      async handler(ctx) {
        for (let i = 1; ; i++) {
          ctx.progress(i, `шаг ${i}`);
          if (i === 5) started.open();
          await ctx.yield();
        }
      },
    });
    await engine.start();
    const t = await engine.enqueue('endless', { total: 1_000_000_000 });
    await started.promise;
    const requested = await engine.cancelTask(t.task_id);
    expect(['running', 'cancelled']).toContain(requested.status);
    const done = await waitForFinal(engine, t.task_id);
    expect(done.status).toBe('cancelled');
    expect(done.cancel_requested).toBe(true);
    expect(done.processed).toBeGreaterThanOrEqual(5);
    expect(done.message).toBe(`шаг ${done.processed}`);
    expect(done.error).toBeNull();
  });

  it('guards the state machine: completing a cancelled task or progress on a finished one changes nothing', async () => {
    const engine = newEngine();
    const t = await engine.createTask({ task_type: 'manual', total: 10 });
    await engine.cancelTask(t.task_id);
    const before = await engine.getTask(t.task_id);
    await expect(engine.completeTask(t.task_id, { ok: true })).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(engine.updateProgress(t.task_id, 5)).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(engine.startTask(t.task_id)).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await engine.getTask(t.task_id)).toEqual(before);
    await expect(engine.completeTask(uuidv7(), null)).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(engine.enqueue('nobody_defined_me')).rejects.toBeInstanceOf(UnknownTaskTypeError);
  });

  it('drives a task by hand: create, start, update progress, complete', async () => {
    const engine = newEngine();
    const t = await engine.createTask({ task_type: 'my_task', total: 100 });
    const started = await engine.startTask(t.task_id);
    expect(started).toMatchObject({ status: 'running', attempt: 1 });
    await engine.updateProgress(t.task_id, 50, { message: 'Обработано 50 элементов' });
    const mid = await waitForTask(engine, t.task_id, (x) => x.processed === 50);
    expect(mid).toMatchObject({ progress: 50, message: 'Обработано 50 элементов', status: 'running' });
    await engine.updateProgress(t.task_id, 100, { message: 'Обработано 100 элементов' });
    const done = await engine.completeTask(t.task_id, { success: true });
    expect(done).toMatchObject({
      status: 'completed',
      progress: 100,
      processed: 100,
      message: 'Обработано 100 элементов',
      result: { success: true },
    });
  });
}
