/**
 * Task store conformance: idempotency keys. While a task of the same type and key is pending or running, or
 * finished within the window (idempotencyWindowMs), an enqueue returns it instead of creating one — exactly one
 * task under concurrent enqueues, from one process or several.
 */
import { expect, it } from 'vitest';
import type { Task } from '../../../src/engine/index.js';
import { heldTaskType } from '../../support/taskTypes.js';
import { waitForFinal } from '../../support/wait.js';
import { newTaskFixture } from './newTaskFixture.js';
import { ms, untilClockPasses } from './retrySupport.js';
import type { TaskSuite } from './taskSuite.js';

/** Registers the idempotency tests. */
export function taskIdempotencyTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  const countOf = async (taskType: string) => (await suite.storage().tasks.listTasks({ taskType, limit: 1_000, offset: 0 })).total;

  it('100 concurrent enqueues with one key create exactly one task; after it finished the key still returns it', async () => {
    const engine = newEngine();
    const held = heldTaskType('idem');
    held.define(engine);
    await engine.start();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => engine.enqueue('idem', { idempotency_key: 'invoice-42', payload: { i } })),
    );
    const id = answers[0]!.task_id;
    expect(new Set(answers.map((t) => t.task_id))).toEqual(new Set([id]));
    expect(await countOf('idem')).toBe(1);
    const list = await engine.listTasks({ taskType: 'idem', limit: 10, offset: 0 });
    expect(list.tasks.map((t) => t.task_id)).toEqual([id]);

    // Running: the same key still answers with it.
    await held.started(id);
    expect((await engine.enqueue('idem', { idempotency_key: 'invoice-42' })).task_id).toBe(id);
    held.release(id, 'готово');
    const done = await waitForFinal(engine, id);
    expect(done).toMatchObject({ status: 'completed', result: 'готово' });

    // Finished, within the window (24 h by default): the finished task, as it is now.
    const again = await engine.enqueue('idem', { idempotency_key: 'invoice-42' });
    expect(again).toMatchObject({ task_id: id, status: 'completed', result: 'готово' });
    expect(await countOf('idem')).toBe(1);

    // The key is per task type; another key is another task.
    const otherType = newEngine(suite.storage(), 4, { runTasks: false });
    otherType.defineTaskType({ type: 'idem_other', handler: () => null });
    otherType.defineTaskType({ type: 'idem', handler: () => null });
    expect((await otherType.enqueue('idem_other', { idempotency_key: 'invoice-42' })).task_id).not.toBe(id);
    expect((await otherType.enqueue('idem', { idempotency_key: 'invoice-43' })).task_id).not.toBe(id);
    expect(await countOf('idem')).toBe(2);
    expect(await countOf('idem_other')).toBe(1);
  });

  it('concurrent enqueues with one key from two processes create exactly one task', async () => {
    const a = newEngine(suite.storage(), 4, { runTasks: false });
    const b = newEngine(await suite.harness().open(), 4, { runTasks: false });
    for (const e of [a, b]) e.defineTaskType({ type: 'idem_two', handler: () => null });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).enqueue('idem_two', { idempotency_key: 'sync-2026-01', payload: { i } })),
    );
    expect(new Set(answers.map((t) => t.task_id)).size).toBe(1);
    expect(await countOf('idem_two')).toBe(1);
  });

  it('a failed task answers its key within the window; after the window the key makes a new task', async () => {
    const window = 300;
    const engine = newEngine(suite.storage(), 4, { idempotencyWindowMs: window });
    engine.defineTaskType<{ fail: boolean }>({
      type: 'idem_window',
      handler(ctx) {
        if (ctx.payload.fail) throw new Error('Не вышло');
        return 'вышло';
      },
    });
    await engine.start();
    const first = await engine.enqueue('idem_window', { idempotency_key: 'k', payload: { fail: true } });
    const failed = await waitForFinal(engine, first.task_id);
    expect(failed).toMatchObject({ status: 'failed', error: 'Не вышло' });
    // Still within the window (unless this machine is very slow — then a new task is right too).
    const soon = await engine.enqueue('idem_window', { idempotency_key: 'k', payload: { fail: false } });
    if (Date.now() < ms(failed.completed_at) + window - 50) expect(soon).toMatchObject({ task_id: first.task_id, status: 'failed' });

    await untilClockPasses(ms(failed.completed_at) + window + 10);
    const fresh = await engine.enqueue('idem_window', { idempotency_key: 'k', payload: { fail: false } });
    expect(fresh.task_id).not.toBe(first.task_id);
    expect(await waitForFinal(engine, fresh.task_id)).toMatchObject({ status: 'completed', result: 'вышло' });
    // The key now belongs to the new task; the old one is kept.
    expect((await engine.enqueue('idem_window', { idempotency_key: 'k', payload: { fail: true } })).task_id).toBe(fresh.task_id);
    expect(await engine.getTask(first.task_id)).toMatchObject({ status: 'failed' });
    expect(await countOf('idem_window')).toBe(2);
  });

  it('enqueueMany with keys: repeated keys in one call and tasks without a key', async () => {
    const caller = newEngine(suite.storage(), 4, { runTasks: false });
    caller.defineTaskType({ type: 'idem_many', handler: () => null });
    const tasks: Task[] = await caller.enqueueMany('idem_many', [
      { idempotency_key: 'a' },
      { idempotency_key: 'b' },
      { idempotency_key: 'a' },
      {},
      {},
    ]);
    expect(tasks[2]!.task_id).toBe(tasks[0]!.task_id);
    expect(new Set(tasks.map((t) => t.task_id)).size).toBe(4);
    expect(await countOf('idem_many')).toBe(4);
  });

  it('the store: insertIdempotent creates once and then returns the active task (created: false)', async () => {
    const storage = suite.storage();
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        storage.tasks.insertIdempotent({ ...newTaskFixture('idem_store'), idempotency_key: 'once' }, 60_000),
      ),
    );
    const created = attempts.filter((x) => x.created);
    expect(created).toHaveLength(1);
    const id = created[0]!.row.task_id;
    expect(attempts.every((x) => x.row.task_id === id)).toBe(true);
    expect(created[0]!.row).toMatchObject({ status: 'pending', task_type: 'idem_store' });

    await storage.tasks.claimTasks({ types: ['idem_store'], limit: 1, leaseOwner: 'x', leaseMs: 60_000 });
    const whileRunning = await storage.tasks.insertIdempotent({ ...newTaskFixture('idem_store'), idempotency_key: 'once' }, 60_000);
    expect(whileRunning).toMatchObject({ created: false, row: { task_id: id, status: 'running' } });
    const elsewhere = await storage.tasks.insertIdempotent({ ...newTaskFixture('idem_store_2'), idempotency_key: 'once' }, 60_000);
    expect(elsewhere.created).toBe(true);
  });
}
