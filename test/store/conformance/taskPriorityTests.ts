/**
 * Task store conformance: priorities. Claims take the highest priority first and FIFO within one; a retry or
 * a requeue keeps its place; a waiting task ages (one level per priorityAgingMs), so the lowest priority
 * starts under a continuous flood of the highest before any flood task due more than 20 × aging after it.
 */
import { expect, it } from 'vitest';
import {
  InvalidTaskInputError,
  PRIORITY_MAX,
  PRIORITY_MIN,
  type EnqueueInput,
  type Task,
  type TaskRow,
} from '../../../src/engine/index.js';
import { gate } from '../../support/wait.js';
import { newTaskFixture } from './newTaskFixture.js';
import { ms, untilClockPasses } from './retrySupport.js';
import type { TaskSuite } from './taskSuite.js';

/** Registers the priority tests. */
export function taskPriorityTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  const claimAll = (types: string[], limit = 1_000) =>
    suite.storage().tasks.claimTasks({ types, limit, leaseOwner: 'probe', leaseMs: 60_000 });
  const ids = (rows: readonly (Task | TaskRow)[]) => rows.map((r) => r.task_id);

  it('a claim takes the highest priority first, FIFO within a priority', async () => {
    // Aging far slower than these enqueues take: the order is by priority alone.
    const caller = newEngine(suite.storage(), 4, { runTasks: false, priorityAgingMs: 600_000 });
    caller.defineTaskType({ type: 'ranked', handler: () => null });
    const priorities = [0, 5, -3, 10, 5, 0, -10, 10, 0, 5, PRIORITY_MIN, PRIORITY_MAX];
    const tasks: Task[] = [];
    for (const priority of priorities) tasks.push(await caller.enqueue('ranked', { priority }));
    // A batch inserted in one statement: same time, still FIFO in the order given.
    tasks.push(...(await caller.enqueueMany('ranked', [{ priority: 5 }, { priority: 10 }, { priority: 5 }, {}, { priority: 10 }])));
    expect(tasks.map((t) => t.priority)).toEqual([...priorities, 5, 10, 5, 0, 10]);
    const expected = tasks
      .map((t, i) => ({ t, i }))
      .sort((a, b) => b.t.priority - a.t.priority || a.i - b.i)
      .map(({ t }) => t.task_id);

    // A small claim takes the head of the line; the next one the rest, in order.
    const head = await claimAll(['ranked'], 3);
    const rest = await claimAll(['ranked']);
    expect([...ids(head), ...ids(rest)]).toEqual(expected);
  });

  it('a retry keeps its priority: it goes back ahead of lower priorities enqueued before it', async () => {
    const storage = suite.storage();
    const [high] = await storage.tasks.insertTasks([newTaskFixture('kept', { priority: 10, lead_ms: 30_000, max_attempts: 2 })]);
    const [low] = await storage.tasks.insertTasks([newTaskFixture('kept')]);
    expect(ids(await claimAll(['kept'], 1))).toEqual([high!.task_id]);
    const waiting = await storage.tasks.retryLater(high!.task_id, 'сбой', {}, 1, 0);
    expect(waiting).toMatchObject({ status: 'pending', priority: 10, attempt: 1 });
    const [late] = await storage.tasks.insertTasks([newTaskFixture('kept')]);
    expect(ids(await claimAll(['kept']))).toEqual([high!.task_id, low!.task_id, late!.task_id]);
  });

  it('a task requeued after a lost lease keeps its place in line', async () => {
    const storage = suite.storage();
    const [first, second] = await storage.tasks.insertTasks([
      newTaskFixture('requeued', { max_attempts: 2 }),
      newTaskFixture('requeued', { max_attempts: 2 }),
    ]);
    const [claimed] = await storage.tasks.claimTasks({ types: ['requeued'], limit: 1, leaseOwner: 'elsewhere:1:gone', leaseMs: 100 });
    expect(claimed!.task_id).toBe(first!.task_id);
    await untilClockPasses(ms(claimed!.lease_expires_at) + 2);
    const [third] = await storage.tasks.insertTasks([newTaskFixture('requeued')]);
    expect(ids(await storage.tasks.recoverAbandoned('потерян', []))).toEqual([first!.task_id]);
    expect(ids(await claimAll(['requeued']))).toEqual([first!.task_id, second!.task_id, third!.task_id]);
  });

  it('aging: a waiting task is claimed before higher priorities that became due more than (difference × aging) after it', async () => {
    const aging = 10;
    const caller = newEngine(suite.storage(), 4, { runTasks: false, priorityAgingMs: aging });
    caller.defineTaskType({ type: 'aging', handler: () => null });
    const low = await caller.enqueue('aging', { priority: PRIORITY_MIN });
    const highSoon = await caller.enqueue('aging', { priority: PRIORITY_MAX });
    // 20 levels apart: after 20 × aging the low task is ahead of any new task of the highest priority.
    await untilClockPasses(ms(low.run_at) + (PRIORITY_MAX - PRIORITY_MIN) * aging + 50);
    const highLate = await caller.enqueue('aging', { priority: PRIORITY_MAX });
    const mid = await caller.enqueue('aging', { priority: 0 });
    const key = (t: Task) => ms(t.run_at) - t.priority * aging;
    const expected = [low, highSoon, highLate, mid].sort((a, b) => key(a) - key(b));
    expect(expected.indexOf(low)).toBeLessThan(expected.indexOf(highLate));
    expect(ids(await claimAll(['aging']))).toEqual(ids(expected));
  });

  it('starvation bound: under a continuous flood of the highest priority at full concurrency, the lowest starts before every flood task due more than 20 × aging after it', async () => {
    const aging = 20;
    const bound = (PRIORITY_MAX - PRIORITY_MIN) * aging;
    const engine = newEngine(suite.storage(), 4, { priorityAgingMs: aging });
    const started: string[] = [];
    const lowStarted = gate();
    const floodRunning = gate();
    engine.defineTaskType<{ low?: boolean } | null>({
      type: 'flood',
      async handler(ctx) {
        started.push(ctx.taskId);
        if (ctx.payload?.low) lowStarted.open();
        if (started.length === 50) floodRunning.open();
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    });
    await engine.start();

    // The flood: priority-10 tasks enqueued in batches, keeping a backlog well beyond what the runner
    // claims ahead, until the low task has started and the flood has outlasted the bound.
    const flood = new Map<string, Task>();
    let low = null as Task | null;
    let latestFloodRunAt = 0;
    const BACKLOG = 300;
    let stop = false;
    const producer = (async () => {
      while (!stop && (!low || !started.includes(low.task_id) || latestFloodRunAt <= ms(low.run_at) + bound)) {
        if (flood.size - started.length < BACKLOG) {
          const batch = await engine.enqueueMany(
            'flood',
            Array.from({ length: 25 }, (): EnqueueInput => ({ priority: PRIORITY_MAX })),
          );
          for (const t of batch) flood.set(t.task_id, t);
          latestFloodRunAt = Math.max(latestFloodRunAt, ...batch.map((t) => ms(t.run_at)));
        } else {
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    try {
      await floodRunning.promise;
      low = await engine.enqueue('flood', { priority: PRIORITY_MIN, payload: { low: true } });
      await Promise.race([
        lowStarted.promise,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the low task did not start: ${started.length} of ${flood.size} flood tasks started`)),
            30_000,
          );
        }),
      ]);
      await producer;
    } finally {
      clearTimeout(timer);
      stop = true;
    }
    const lowAt = ms(low.run_at);

    const lowIndex = started.indexOf(low.task_id);
    const before = started.slice(0, lowIndex).map((id) => flood.get(id)!);
    // The bound, by order: no flood task due more than 20 × aging after the low task started before it.
    const overtook = before.filter((t) => ms(t.run_at) > lowAt + bound);
    expect(overtook.map((t) => ms(t.run_at) - lowAt)).toEqual([]);
    // The flood really competed: tasks enqueued after the low one went first (priority), and tasks due beyond
    // the bound existed while it waited (the flood outlasted the bound).
    expect(before.some((t) => ms(t.run_at) > lowAt)).toBe(true);
    expect([...flood.values()].some((t) => ms(t.run_at) > lowAt + bound)).toBe(true);
  });

  it('enqueue options out of range are refused, naming the option, and nothing is stored', async () => {
    const caller = newEngine(suite.storage(), 4, { runTasks: false });
    caller.defineTaskType({ type: 'checked', handler: () => null });
    const cases: [EnqueueInput, string][] = [
      [{ priority: PRIORITY_MAX + 1 }, 'priority'],
      [{ priority: PRIORITY_MIN - 1 }, 'priority'],
      [{ priority: 1.5 }, 'priority'],
      [{ delay_ms: -1 }, 'delay_ms'],
      [{ delay_ms: 0.5 }, 'delay_ms'],
      [{ run_at: 'not a date' }, 'run_at'],
      [{ run_at: new Date(Date.now() + 2 * 365 * 86_400_000) }, 'run_at'],
      [{ run_at: new Date(), delay_ms: 10 }, 'run_at'],
      [{ max_attempts: 0 }, 'max_attempts'],
      [{ max_attempts: 1001 }, 'max_attempts'],
      [{ backoff: { factor: 0.5 } }, 'backoff'],
      [{ backoff: { base_ms: -1 } }, 'backoff'],
      [{ idempotency_key: '' }, 'idempotency_key'],
      [{ idempotency_key: 'x'.repeat(201) }, 'idempotency_key'],
    ];
    for (const [input, field] of cases) {
      const refused = caller.enqueue('checked', input);
      await expect(refused, JSON.stringify(input)).rejects.toBeInstanceOf(InvalidTaskInputError);
      await expect(refused, JSON.stringify(input)).rejects.toMatchObject({ code: 'TASK_INPUT_INVALID', field });
    }
    expect((await caller.listTasks({ limit: 10, offset: 0 })).total).toBe(0);
    const ok = await caller.enqueue('checked', { priority: PRIORITY_MIN, max_attempts: 1000, backoff: { factor: 1, base_ms: 0 } });
    expect(ok).toMatchObject({ priority: PRIORITY_MIN, max_attempts: 1000 });
  });
}
