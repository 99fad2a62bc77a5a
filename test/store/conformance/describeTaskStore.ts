/**
 * The conformance suite every storage backend must pass: the same tests, through the engine and through
 * the store interface, on SQLite and on PostgreSQL. A behaviour added to one store is added here.
 */
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ABANDONED_ERROR,
  InvalidTransitionError,
  TaskEngine,
  TaskAlreadyActiveError,
  TaskNotCancellableError,
  TaskNotFoundError,
  UnknownTaskTypeError,
  uuidv7,
  type Task,
} from '../../../src/engine/index.js';
import type { Storage } from '../../../src/store/index.js';
import type { StoreHarness } from './harnessTypes.js';

export type { StoreHarness } from './harnessTypes.js';
import { newTaskFixture } from './newTaskFixture.js';
import { gate, waitForFinal, waitForTask } from '../../support/wait.js';

/** Registers the suite for one backend. */
export function describeTaskStore(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`task store conformance: ${name}`, () => {
    let harness: StoreHarness;
    let storage: Storage;
    const engines: TaskEngine[] = [];
    const newEngine = (s: Storage = storage, concurrency = 4) => {
      const e = new TaskEngine({ storage: s, concurrency, progressIntervalMs: 20, heartbeatMs: 50 });
      engines.push(e);
      return e;
    };

    beforeEach(async () => {
      harness = await makeHarness();
      storage = await harness.open();
    });
    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop(1000);
      await harness.drop();
    });

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

    it('lists newest first with filters, paging and the total of the whole selection', async () => {
      const engine = newEngine();
      const made: Task[] = [];
      for (let i = 0; i < 25; i++) {
        made.push(await engine.createTask({ task_type: i % 2 ? 'odd' : 'even', user_id: i % 3 === 0 ? 1 : 2 }));
      }
      await engine.cancelTask(made[24]!.task_id);
      const all = await engine.listTasks({ limit: 10, offset: 0 });
      expect(all.total).toBe(25);
      expect(all.tasks.map((t) => t.task_id)).toEqual(
        made
          .slice(15)
          .reverse()
          .map((t) => t.task_id),
      );
      const page3 = await engine.listTasks({ limit: 10, offset: 20 });
      expect(page3.tasks.map((t) => t.task_id)).toEqual(
        made
          .slice(0, 5)
          .reverse()
          .map((t) => t.task_id),
      );
      expect((await engine.listTasks({ limit: 100, offset: 0, taskType: 'odd' })).total).toBe(12);
      expect((await engine.listTasks({ limit: 100, offset: 0, status: 'cancelled' })).tasks.map((t) => t.task_id)).toEqual([
        made[24]!.task_id,
      ]);
      const owner1 = await engine.listTasks({ limit: 100, offset: 0, ownerId: 1 });
      expect(owner1.total).toBe(9);
      expect(owner1.tasks.every((t) => t.user_id === 1)).toBe(true);
      const visible = await engine.listTasks({ limit: 100, offset: 0, visibility: { ownerId: 1, sharedTypes: ['odd'] } });
      expect(visible.total).toBe(9 + 12 - made.filter((t, i) => i % 2 === 1 && t.user_id === 1).length);
      const active = await engine.listActiveTasks({ ownerId: 2, sharedTypes: [] });
      expect(active.every((t) => t.user_id === 2 && t.status === 'pending')).toBe(true);
      expect(active).toHaveLength(made.filter((t, i) => t.user_id === 2 && i !== 24).length);
    });

    it('cleans up only finished tasks older than the cut-off', async () => {
      const engine = newEngine();
      const pending = await engine.createTask({ task_type: 'manual' });
      const finished = await engine.createTask({ task_type: 'manual' });
      await engine.cancelTask(finished.task_id);
      expect(await engine.cleanup(1)).toBe(0);
      expect(await storage.tasks.deleteFinishedBefore(new Date(Date.now() + 60_000))).toBe(1);
      expect(await engine.getTask(finished.task_id)).toBeNull();
      expect(await engine.getTask(pending.task_id)).not.toBeNull();
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

    it('never runs more than the concurrency at once, and claims by priority', async () => {
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

    it('inserts tasks already claimed when asked: running, attempt 1, seq 2, invisible to claims', async () => {
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
      expect(done[0]).toMatchObject({ status: 'completed', progress: 100, result: { ok: true }, seq: 3, lease_owner: null });
    });

    it('starts a task enqueued on an idle runner at once; behind busy slots it waits its turn in order', async () => {
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
      const other = await harness.open();
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

    it('survives a restart: pending tasks run after it; tasks left running by a dead process fail', async () => {
      const first = newEngine();
      const pending = await first.createTask({ task_type: 'later', total: 2 });
      const orphan = await first.createTask({ task_type: 'stuck' });
      // A process on this host that no longer exists had claimed it.
      const [claimed] = await storage.tasks.claimTasks({
        types: ['stuck'],
        limit: 1,
        leaseOwner: `${hostname()}:2147483646:dead`,
        leaseMs: 60_000,
      });
      expect(claimed?.status).toBe('running');
      await first.stop(100);
      await storage.close();

      storage = await harness.open();
      const second = newEngine();
      second.defineTaskType({ type: 'later', handler: (ctx) => ctx.progress(2, 'готово') });
      await second.start();
      const failed = await second.getTask(orphan.task_id);
      expect(failed).toMatchObject({ status: 'failed', error: ABANDONED_ERROR });
      const done = await waitForFinal(second, pending.task_id);
      expect(done).toMatchObject({ status: 'completed', processed: 2, message: 'готово' });
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

    it('requeues a task whose runner died while attempts remain; the next attempt resumes from its checkpoint', async () => {
      const [t] = await storage.tasks.insertTasks([newTaskFixture('resumable', { total: 10, max_attempts: 2 })]);
      await storage.tasks.claimTasks({ types: ['resumable'], limit: 1, leaseOwner: `${hostname()}:2147483646:gone`, leaseMs: 60_000 });
      await storage.tasks.saveCheckpoint(t!.task_id, { processed: 4, message: 'четыре' }, { next: 4 }, 1);
      const engine = newEngine();
      const seen: unknown[] = [];
      engine.defineTaskType({
        type: 'resumable',
        handler(ctx) {
          seen.push({ attempt: ctx.attempt, from: ctx.resumeFrom });
          ctx.progress(10, 'готово');
          return { resumed: true };
        },
      });
      await engine.start();
      const done = await waitForFinal(engine, t!.task_id);
      expect(done).toMatchObject({ status: 'completed', attempt: 2, processed: 10, result: { resumed: true } });
      expect(seen).toEqual([{ attempt: 2, from: { next: 4 } }]);
    });

    it('a stop hands running tasks back with their progress; another runner resumes them', async () => {
      const first = newEngine();
      const reached = gate();
      const define = (e: TaskEngine, log: unknown[]) =>
        e.defineTaskType({
          type: 'long',
          async handler(ctx) {
            log.push(ctx.resumeFrom);
            for (let i = (ctx.resumeFrom as { i: number } | null)?.i ?? 0; i < 1_000_000; i++) {
              if (i % 10 === 0) await ctx.checkpoint(i, `шаг ${i}`, { i });
              if (i === 30) reached.open();
              await ctx.yield();
              if (ctx.attempt > 1 && i >= 40) return { i };
            }
          },
        });
      const firstLog: unknown[] = [];
      define(first, firstLog);
      await first.start();
      const t = await first.enqueue('long');
      await reached.promise;
      await first.stop(10);
      const handed = await first.getTask(t.task_id);
      expect(handed).toMatchObject({ status: 'pending', attempt: 1, max_attempts: 2 });
      expect(handed!.processed).toBeGreaterThanOrEqual(30);
      const second = newEngine();
      const secondLog: unknown[] = [];
      define(second, secondLog);
      await second.start();
      const done = await waitForFinal(second, t.task_id);
      // The second attempt starts where the first one's last checkpoint left off.
      expect((secondLog[0] as { i: number }).i).toBe(handed!.processed);
      expect(done).toMatchObject({ status: 'completed', attempt: 2, result: { i: Math.max(40, handed!.processed) } });
      expect(firstLog).toEqual([null]);
    });

    it('hands claimed tasks that never started back to pending, only while the attempt matches', async () => {
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

    it('fences writes of an attempt that lost its lease', async () => {
      const t = await storage.tasks.insertTasks([newTaskFixture('fenced', { max_attempts: 2 })]);
      const [run] = await storage.tasks.claimTasks({ types: ['fenced'], limit: 1, leaseOwner: 'a', leaseMs: 60_000 });
      expect(run!.attempt).toBe(1);
      await expect(storage.tasks.setProgress(t[0]!.task_id, { processed: 1 }, 2)).rejects.toThrow(/lease/i);
      const ok = await storage.tasks.setProgress(t[0]!.task_id, { processed: 1 }, 1);
      expect(ok.processed).toBe(1);
      const cp = await storage.tasks.saveCheckpoint(t[0]!.task_id, { processed: 2, message: 'cp' }, { cursor: 'abc' }, 1);
      expect(cp).toMatchObject({ processed: 2, message: 'cp', checkpoint: { cursor: 'abc' }, seq: ok.seq + 1 });
      const cancelled = await storage.tasks.renewLeases('a', [t[0]!.task_id], 60_000);
      expect(cancelled).toEqual([]);
      await storage.tasks.requestCancel(t[0]!.task_id);
      expect(await storage.tasks.renewLeases('a', [t[0]!.task_id], 60_000)).toEqual([t[0]!.task_id]);
      expect(await storage.tasks.renewLeases('b', [t[0]!.task_id], 60_000)).toEqual([]);
    });
  });
}
