/**
 * A task enqueued on a runner with a free slot and no known backlog is inserted already claimed and started
 * here (docs/task-lifecycle.md). These tests hold the insert in flight — a real SQLite store whose
 * insertTasks waits on a gate before or after the real insert — to pin what must hold meanwhile: the
 * concurrency, a stop, the handler's own copy of the payload; and the JSON a result is published as.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskEngine } from './index.js';
import { newTaskFixture } from '../../test/store/conformance/newTaskFixture.js';
import type { ClaimFor, NewTask } from './taskStore.js';
import { type Storage, openSqlite } from '../store/index.js';
import { openTestPostgres, shouldRunPostgres } from '../../test/support/postgres.js';
import { openTestSqlite } from '../../test/support/sqlite.js';
import { gate, waitForFinal } from '../../test/support/wait.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A SQLite storage whose inserts can be held before or after the real insert, and whose watcher can be poked. */
async function heldSqlite() {
  const base = await openTestSqlite();
  const ctl = {
    before: null as ReturnType<typeof gate> | null,
    after: null as ReturnType<typeof gate> | null,
    wake: null as (() => void) | null,
    claimed: [] as (ClaimFor | undefined)[],
  };
  const tasks = Object.create(base.tasks) as Storage['tasks'];
  tasks.insertTasks = async (t: readonly NewTask[], claimFor?: ClaimFor) => {
    ctl.claimed.push(claimFor);
    await ctl.before?.promise;
    const rows = await base.tasks.insertTasks(t, claimFor);
    await ctl.after?.promise;
    return rows;
  };
  const storage: Storage = {
    ...base,
    tasks,
    watchNewTasks(onNewTasks) {
      ctl.wake = onNewTasks;
      return base.watchNewTasks(onNewTasks);
    },
  };
  return { base, storage, ctl };
}

describe('starting a task at enqueue', () => {
  it('keeps the concurrency while an insert holds a reserved slot and a claim runs meanwhile', async () => {
    const { base, storage, ctl } = await heldSqlite();
    cleanups.push(() => base.drop());
    const engine = new TaskEngine({ storage, concurrency: 2, heartbeatMs: 1000 });
    cleanups.push(() => engine.stop(1000));
    let running = 0;
    let peak = 0;
    const release = gate();
    engine.defineTaskType<{ n: number }>({
      type: 't',
      async handler(ctx) {
        peak = Math.max(peak, ++running);
        await release.promise;
        running--;
        return ctx.payload.n;
      },
    });
    await engine.start();
    await sleep(50); // the start-up claim finds nothing pending
    const first = await engine.enqueue('t', { payload: { n: 1 } });
    expect(ctl.claimed.at(-1)).toBeDefined(); // started directly
    ctl.before = gate();
    const secondEnqueued = engine.enqueue('t', { payload: { n: 2 } }); // takes the second slot, insert held
    await sleep(5);
    expect(ctl.claimed.at(-1)).toBeDefined();
    // Another node enqueues meanwhile, and its notification wakes this runner.
    const [third] = await base.tasks.insertTasks([newTaskFixture('t', { payload: { n: 3 } })]);
    ctl.wake!();
    await sleep(50);
    ctl.before.open(undefined);
    const second = await secondEnqueued;
    await sleep(50);
    expect(peak).toBe(2);
    release.open(undefined);
    const ended = await Promise.all([first, second, third!].map((t) => waitForFinal(engine, t.task_id)));
    expect(ended.map((t) => [t.status, t.result])).toEqual([
      ['completed', 1],
      ['completed', 2],
      ['completed', 3],
    ]);
    expect(peak).toBe(2);
  });

  it('a stop waits for an insert in flight and hands its task back, so it runs after the restart', async () => {
    const { base, storage, ctl } = await heldSqlite();
    const file = join(base.dir, 'taskcast.db');
    const engine = new TaskEngine({ storage, concurrency: 2, heartbeatMs: 1000 });
    let runs = 0;
    engine.defineTaskType({ type: 't', handler: () => void runs++ });
    await engine.start();
    await sleep(50);
    ctl.after = gate(); // the row is in the database; the answer is held
    const enqueued = engine.enqueue('t');
    await sleep(5);
    const stopped = engine.stop(2000);
    await sleep(50);
    ctl.after.open(undefined);
    const created = await enqueued;
    await stopped;
    await base.close(); // what a server does after engine.stop()
    expect(runs).toBe(0);

    const again = openSqlite({ file, pollIntervalMs: 2 });
    await again.migrate();
    cleanups.push(() => base.drop());
    cleanups.push(() => again.close());
    expect(await again.tasks.getTask(created.task_id)).toMatchObject({ status: 'pending', attempt: 0, lease_owner: null });
    const next = new TaskEngine({ storage: again, concurrency: 2, heartbeatMs: 1000 });
    cleanups.push(() => next.stop(1000));
    next.defineTaskType({ type: 't', handler: () => void runs++ });
    await next.start();
    expect(await waitForFinal(next, created.task_id)).toMatchObject({ status: 'completed', attempt: 1 });
    expect(runs).toBe(1);
  });

  it('gives the handler its own copy of the payload, as a claimed task gets', async () => {
    const { base, storage, ctl } = await heldSqlite();
    cleanups.push(() => base.drop());
    const engine = new TaskEngine({ storage, concurrency: 2, heartbeatMs: 1000 });
    cleanups.push(() => engine.stop(1000));
    engine.defineTaskType<{ n: number }>({
      type: 't',
      async handler(ctx) {
        await sleep(20);
        return ctx.payload.n;
      },
    });
    await engine.start();
    await sleep(50);
    const payload = { n: 1 };
    const task = await engine.enqueue('t', { payload });
    expect(ctl.claimed.at(-1)).toBeDefined();
    payload.n = 999; // the caller reuses its object after enqueue returned
    expect((await waitForFinal(engine, task.task_id)).result).toBe(1);
  });

  it('publishes a result as the JSON it is stored as (NaN and undefined become null)', async () => {
    const storage = await openTestSqlite();
    cleanups.push(() => storage.drop());
    const engine = new TaskEngine({ storage, concurrency: 2, heartbeatMs: 1000 });
    cleanups.push(() => engine.stop(1000));
    engine.defineTaskType<{ kind: string }>({
      type: 't',
      handler: (ctx) => (ctx.payload.kind === 'nan' ? NaN : ({ a: undefined, b: Infinity, c: [1, undefined] } as never)),
    });
    await engine.start();
    for (const [kind, expected] of [
      ['nan', null],
      ['object', { b: null, c: [1, null] }],
    ] as const) {
      const task = await engine.enqueue('t', { payload: { kind } });
      const published = await waitForFinal(engine, task.task_id);
      expect(published.result).toEqual(expected);
      expect(await engine.getTask(task.task_id)).toEqual(published);
    }
  });

  it('an enqueue made as the previous task starts is started directly too (a claim loop ending meanwhile does not refuse it)', async () => {
    const { base, storage, ctl } = await heldSqlite();
    cleanups.push(() => base.drop());
    const engine = new TaskEngine({ storage, concurrency: 4, heartbeatMs: 1000 });
    cleanups.push(() => engine.stop(1000));
    let onStart: (() => void) | null = null;
    engine.defineTaskType({
      type: 'one_after_another',
      handler() {
        onStart?.();
        return null;
      },
    });
    await engine.start();
    // The first goes through a claim (its insert's wake-up), each next one is enqueued the moment the previous
    // handler starts — inside the claim loop that started it, for those that were claimed.
    for (let i = 0; i < 30; i++) {
      const started = new Promise<void>((resolve) => (onStart = resolve));
      await engine.enqueue('one_after_another');
      await started;
    }
    const direct = ctl.claimed.filter((c) => c !== undefined).length;
    expect(direct, `${direct} of ${ctl.claimed.length} inserted already claimed`).toBeGreaterThanOrEqual(25);
  });

  it('refuses a count that is not a whole number at the call (the task fails with the reason)', async () => {
    const storage = await openTestSqlite();
    cleanups.push(() => storage.drop());
    const engine = new TaskEngine({ storage, concurrency: 2, heartbeatMs: 1000 });
    cleanups.push(() => engine.stop(1000));
    engine.defineTaskType({
      type: 't',
      handler(ctx) {
        ctx.progress(1.5);
        return 'unreachable';
      },
    });
    await engine.start();
    const task = await engine.enqueue('t');
    const ended = await waitForFinal(engine, task.task_id);
    expect(ended).toMatchObject({ status: 'failed', result: null });
    expect(ended.error).toMatch(/processed must be a whole number ≥ 0, got 1\.5/);
  });
});

describe.runIf(await shouldRunPostgres())('final values PostgreSQL refuses', () => {
  it('fails a task whose final message holds \\u0000 at once, with the reason, instead of leaving it running', async () => {
    const storage = await openTestPostgres();
    cleanups.push(() => storage.drop());
    const engine = new TaskEngine({ storage, concurrency: 2, heartbeatMs: 60_000, leaseMs: 60_000 });
    cleanups.push(() => engine.stop(1000));
    engine.defineTaskType({
      type: 't',
      handler(ctx) {
        ctx.progress(3, 'нуль\u0000байт');
        return 'готово';
      },
    });
    await engine.start();
    const started = Date.now();
    const task = await engine.enqueue('t');
    const ended = await waitForFinal(engine, task.task_id);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ended).toMatchObject({ status: 'failed', result: null });
    expect(ended.error).toMatch(/^Результат задачи не удалось сохранить: unsupported Unicode escape sequence/);
    expect(await engine.getTask(task.task_id)).toEqual(ended);
  });
});
