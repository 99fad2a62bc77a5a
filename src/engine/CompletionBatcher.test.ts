/**
 * How many completion batches are written at once (CompletionBatcher's `writers`; the engine's completionWriters,
 * 2 on PostgreSQL). A real SQLite store whose completeTasks waits on a gate before the real write, so a test can
 * hold batches in flight and see what the batcher does meanwhile.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CompletionBatcher } from './CompletionBatcher.js';
import { TaskEngine } from './index.js';
import type { CompleteItem, TaskStore } from './taskStore.js';
import type { TaskRow } from './types.js';
import { newTaskFixture } from '../../test/store/conformance/newTaskFixture.js';
import { openTestSqlite } from '../../test/support/sqlite.js';
import { gate } from '../../test/support/wait.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A SQLite storage whose completeTasks calls are recorded and each held until the test releases it. */
async function heldCompletions() {
  const base = await openTestSqlite();
  cleanups.push(() => base.drop());
  const calls: { ids: string[]; release: () => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let holding = true;
  const tasks = Object.create(base.tasks) as TaskStore;
  tasks.completeTasks = async (items: readonly CompleteItem[]) => {
    const held = gate();
    if (!holding) held.open();
    calls.push({ ids: items.map((i) => i.taskId), release: () => held.open() });
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      await held.promise;
      return await base.tasks.completeTasks(items);
    } finally {
      inFlight--;
    }
  };
  /** Releases every held write, and lets later ones through at once. */
  const releaseAll = () => {
    holding = false;
    for (const c of calls) c.release();
  };
  return { base, tasks, calls, releaseAll, maxInFlight: () => maxInFlight };
}

/** `n` tasks inserted and started on the store, ready to be completed. */
async function runningTasks(store: TaskStore, n: number): Promise<TaskRow[]> {
  await store.insertTasks(Array.from({ length: n }, () => newTaskFixture('t')));
  return store.claimTasks({ types: ['t'], limit: n, leaseOwner: 'me', leaseMs: 60_000 });
}

const item = (row: TaskRow): CompleteItem => ({ taskId: row.task_id, result: { ok: row.task_id }, update: {}, fence: row.attempt });

describe('CompletionBatcher', () => {
  it('with one writer, completions arriving during a write wait and form the next batch', async () => {
    const h = await heldCompletions();
    const [a, b, c] = await runningTasks(h.tasks, 3);
    const batcher = new CompletionBatcher(h.tasks, 1);
    const done = [batcher.complete(item(a!))];
    await vi.waitFor(() => expect(h.calls).toHaveLength(1));
    done.push(batcher.complete(item(b!)), batcher.complete(item(c!)));
    // A write is under way: nothing else may start, however long it takes.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(h.calls).toHaveLength(1);
    h.calls[0]!.release();
    await vi.waitFor(() => expect(h.calls).toHaveLength(2));
    expect(h.calls[1]!.ids).toEqual([b!.task_id, c!.task_id]);
    h.calls[1]!.release();
    const rows = await Promise.all(done);
    expect(rows.map((r) => [r.task_id, r.status, r.result])).toEqual([a, b, c].map((t) => [t!.task_id, 'completed', { ok: t!.task_id }]));
    expect(h.maxInFlight()).toBe(1);
  });

  it('with two writers, a second batch is written while the first is held, and a third waits for one of them', async () => {
    const h = await heldCompletions();
    const [a, b, c, d] = await runningTasks(h.tasks, 4);
    const batcher = new CompletionBatcher(h.tasks, 2);
    const done = [batcher.complete(item(a!))];
    await vi.waitFor(() => expect(h.calls).toHaveLength(1));
    done.push(batcher.complete(item(b!)));
    await vi.waitFor(() => expect(h.calls).toHaveLength(2));
    expect(h.calls[1]!.ids).toEqual([b!.task_id]);
    done.push(batcher.complete(item(c!)), batcher.complete(item(d!)));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(h.calls).toHaveLength(2);
    // The second write ends first: the waiting completions go out together, in the order they came.
    h.calls[1]!.release();
    await vi.waitFor(() => expect(h.calls).toHaveLength(3));
    expect(h.calls[2]!.ids).toEqual([c!.task_id, d!.task_id]);
    h.calls[2]!.release();
    h.calls[0]!.release();
    const rows = await Promise.all(done);
    expect(rows.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(h.maxInFlight()).toBe(2);
    const stored = await Promise.all([a, b, c, d].map((t) => h.base.tasks.getTask(t!.task_id)));
    expect(stored.map((r) => r?.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
  });

  it('the engine writes as many batches at once as completionWriters says', async () => {
    const h = await heldCompletions();
    const engine = new TaskEngine({ storage: { ...h.base, tasks: h.tasks }, concurrency: 4, completionWriters: 2 });
    cleanups.push(async () => {
      h.releaseAll();
      await engine.stop(0);
    });
    // Each handler returns when the test says, so the completions arrive one by one.
    const handlers = Array.from({ length: 4 }, () => gate());
    engine.defineTaskType<{ n: number }>({ type: 'quick', handler: async (ctx) => handlers[ctx.payload.n]!.promise.then(() => 'done') });
    await engine.start();
    const created = await engine.enqueueMany(
      'quick',
      [0, 1, 2, 3].map((n) => ({ payload: { n } })),
    );
    handlers[0]!.open();
    await vi.waitFor(() => expect(h.calls).toHaveLength(1));
    handlers[1]!.open();
    await vi.waitFor(() => expect(h.calls).toHaveLength(2));
    handlers[2]!.open();
    handlers[3]!.open();
    // Both writers are held: the last two completions wait for one of them.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(h.calls).toHaveLength(2);
    h.releaseAll();
    for (const t of created) {
      await vi.waitFor(async () => expect((await h.base.tasks.getTask(t.task_id))?.status).toBe('completed'));
    }
    expect(h.calls.flatMap((c) => c.ids).sort()).toEqual(created.map((t) => t.task_id).sort());
    expect(h.maxInFlight()).toBe(2);
  });
});
