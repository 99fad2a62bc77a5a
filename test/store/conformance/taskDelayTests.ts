/**
 * Task store conformance: delayed tasks (run_at, delay_ms). A task is not claimed before its time, and an idle
 * runner starts it within 100 ms after it (50 ms on an idle machine) — through its timer for the nearest due task,
 * whoever enqueued it.
 */
import { expect, it } from 'vitest';
import type { TaskEngine } from '../../../src/engine/index.js';
import { waitForFinal } from '../../support/wait.js';
import { newTaskFixture } from './newTaskFixture.js';
import { ms, untilClockPasses } from './retrySupport.js';
import type { TaskSuite } from './taskSuite.js';
import { wrapTaskStore } from './wrapTaskStore.js';

/**
 * How late after its run_at a delayed task may start on an idle runner. Issue 11 promises 50 ms on an idle
 * machine; CI runs these beside browser tests on two loaded cores, where a timer and a claim are late by tens of
 * ms (one run saw over 50). 100 ms is still half the PostgreSQL harness's fallback poll (200 ms), so a start that
 * came from that poll instead of the runner's own timer fails here; on SQLite nothing but the timer starts it.
 */
const START_WITHIN_MS = 100;

/** Registers the delayed-task tests. */
export function taskDelayTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  /** A runner that records when each handler started (this process's clock), idle once `idle()` resolved. */
  const timedRunner = (type: string, engine: TaskEngine = newEngine()) => {
    const startedAt = new Map<string, number>();
    engine.defineTaskType({
      type,
      handler(ctx) {
        startedAt.set(ctx.taskId, Date.now());
        return null;
      },
    });
    return {
      engine,
      startedAt,
      /** Starts the engine and runs one task to its end: its runner then has nothing left to claim. */
      async idle() {
        await engine.start();
        const warm = await engine.enqueue(type);
        await waitForFinal(engine, warm.task_id);
      },
      /** How long after its run_at each task started, ms. */
      lateness(tasks: readonly { task_id: string; run_at: string }[]) {
        return tasks.map((t) => startedAt.get(t.task_id)! - ms(t.run_at));
      },
    };
  };

  it('a delayed task is not started before its run_at and starts within 100 ms after it on an idle runner', async () => {
    const runner = timedRunner('later');
    await runner.idle();
    const enqueuedAt = Date.now();
    // Three at once, the furthest first: the runner's timer is armed for the nearest, then for the next.
    const tasks = [
      await runner.engine.enqueue('later', { delay_ms: 500 }),
      await runner.engine.enqueue('later', { run_at: new Date(enqueuedAt + 400) }),
      await runner.engine.enqueue('later', { delay_ms: 300 }),
    ];
    for (const t of tasks) expect(t.status).toBe('pending');
    expect(ms(tasks[0]!.run_at)).toBeGreaterThanOrEqual(enqueuedAt + 500);
    expect(ms(tasks[1]!.run_at)).toBe(enqueuedAt + 400);
    const done = await Promise.all(tasks.map((t) => waitForFinal(runner.engine, t.task_id)));
    const lateness = runner.lateness(tasks);
    for (const [i, late] of lateness.entries()) {
      expect(late, `task ${i}: started ${late} ms after its run_at`).toBeGreaterThanOrEqual(0);
      expect(late, `task ${i}: started ${late} ms after its run_at (all: ${lateness.join(', ')})`).toBeLessThanOrEqual(START_WITHIN_MS);
      expect(ms(done[i]!.started_at)).toBeGreaterThanOrEqual(ms(tasks[i]!.run_at));
      expect(done[i]).toMatchObject({ status: 'completed', attempt: 1 });
    }
  });

  it('a delayed task enqueued by another process starts within 100 ms after its run_at on an idle runner', async () => {
    const runner = timedRunner('later_elsewhere');
    await runner.idle();
    const producer = newEngine(await suite.harness().open(), 4, { runTasks: false });
    producer.defineTaskType({ type: 'later_elsewhere', handler: () => null });
    const t = await producer.enqueue('later_elsewhere', { delay_ms: 300 });
    expect(t.status).toBe('pending');
    await waitForFinal(runner.engine, t.task_id);
    const [late] = runner.lateness([t]);
    expect(late, `started ${late} ms after its run_at`).toBeGreaterThanOrEqual(0);
    expect(late, `started ${late} ms after its run_at`).toBeLessThanOrEqual(START_WITHIN_MS);
  });

  it('a runner started after delayed tasks were stored starts them at their time', async () => {
    const producer = newEngine(suite.storage(), 4, { runTasks: false });
    producer.defineTaskType({ type: 'later_restart', handler: () => null });
    const t = await producer.enqueue('later_restart', { delay_ms: 300 });
    const runner = timedRunner('later_restart', newEngine(await suite.harness().open()));
    await runner.engine.start();
    await waitForFinal(runner.engine, t.task_id);
    const [late] = runner.lateness([t]);
    expect(late, `started ${late} ms after its run_at`).toBeGreaterThanOrEqual(0);
    expect(late, `started ${late} ms after its run_at`).toBeLessThanOrEqual(START_WITHIN_MS);
  });

  it('a delayed task of a type defined after the runner started still starts at its time', async () => {
    const producer = newEngine(suite.storage(), 4, { runTasks: false });
    producer.defineTaskType({ type: 'later_defined', handler: () => null });
    const t = await producer.enqueue('later_defined', { delay_ms: 300 });
    // A runner busy with another type first: its start-up claim and look for delayed tasks are over.
    const engine = newEngine(await suite.harness().open());
    await timedRunner('other_type', engine).idle();
    const runner = timedRunner('later_defined', engine);
    await waitForFinal(engine, t.task_id);
    const [late] = runner.lateness([t]);
    expect(late, `started ${late} ms after its run_at`).toBeGreaterThanOrEqual(0);
    expect(late, `started ${late} ms after its run_at`).toBeLessThanOrEqual(START_WITHIN_MS);
  });

  it('a task due now (no run_at, delay_ms 0, a past run_at) is claimable at once', async () => {
    const storage = suite.storage();
    const caller = newEngine(storage, 4, { runTasks: false });
    caller.defineTaskType({ type: 'now', handler: () => null });
    const before = Date.now();
    const tasks = [
      await caller.enqueue('now'),
      await caller.enqueue('now', { delay_ms: 0 }),
      await caller.enqueue('now', { run_at: new Date(before - 60_000) }),
      await caller.enqueue('now', { run_at: new Date(before - 1).toISOString() }),
    ];
    for (const t of tasks) {
      expect(ms(t.run_at)).toBeGreaterThanOrEqual(before - 1_000);
      expect(ms(t.run_at)).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    const claimed = await storage.tasks.claimTasks({ types: ['now'], limit: 10, leaseOwner: 'probe', leaseMs: 60_000 });
    expect(claimed.map((r) => r.task_id)).toEqual(tasks.map((t) => t.task_id));
  });

  it("the store claims a delayed task only once it is due, and nextRunAt names the nearest one with the wait by the database's clock", async () => {
    const storage = suite.storage();
    const now = Date.now();
    const at = (d: number) => new Date(now + d).toISOString();
    const [soon, , , due, cancelled] = await storage.tasks.insertTasks([
      newTaskFixture('delayed_a', { run_at: at(400) }),
      newTaskFixture('delayed_a', { run_at: at(60_000) }),
      newTaskFixture('delayed_b', { run_at: at(5_000) }),
      newTaskFixture('delayed_a'),
      newTaskFixture('delayed_b', { run_at: at(1_000) }),
    ]);
    expect(soon!.run_at).toBe(at(400));
    await storage.tasks.requestCancel(cancelled!.task_id);

    const first = (await storage.tasks.nextRunAt(['delayed_a']))!;
    expect(first.runAt.toISOString()).toBe(at(400));
    // The wait by the database's clock (the one claims compare with).
    expect(first.inMs).toBeGreaterThan(0);
    expect(first.inMs).toBeLessThanOrEqual(400 + 50);
    expect((await storage.tasks.nextRunAt(['delayed_b']))?.runAt.toISOString()).toBe(at(5_000));
    expect((await storage.tasks.nextRunAt(['delayed_b', 'delayed_a']))?.runAt.toISOString()).toBe(at(400));
    expect(await storage.tasks.nextRunAt(['delayed_c'])).toBeNull();
    expect(await storage.tasks.nextRunAt([])).toBeNull();

    const claim = () => storage.tasks.claimTasks({ types: ['delayed_a', 'delayed_b'], limit: 10, leaseOwner: 'probe', leaseMs: 60_000 });
    expect((await claim()).map((r) => r.task_id)).toEqual([due!.task_id]);
    await untilClockPasses(now + 400);
    // Due now but not claimed yet: still named (with a wait ≤ 0), so a runner whose claim just missed it
    // does not forget it.
    const dueNow = (await storage.tasks.nextRunAt(['delayed_a']))!;
    expect(dueNow.runAt.toISOString()).toBe(at(400));
    expect(dueNow.inMs).toBeLessThanOrEqual(0);
    const later = await claim();
    expect(later.map((r) => r.task_id)).toEqual([soon!.task_id]);
    expect(ms(later[0]!.started_at)).toBeGreaterThanOrEqual(now + 400);
    expect((await storage.tasks.nextRunAt(['delayed_a']))?.runAt.toISOString()).toBe(at(60_000));
  });

  it('a task delayed past the longest Node timer (24.8 days) does not make the runner loop', async () => {
    const storage = suite.storage();
    let asked = 0;
    const counted = wrapTaskStore(storage, 'nextRunAt', (nextRunAt) => (types) => {
      asked++;
      return nextRunAt(types);
    });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const engine = suite.newEngine(counted);
      engine.defineTaskType({ type: 'far_away', handler: () => null });
      engine.defineTaskType({ type: 'near', handler: () => null });
      await engine.start();
      await engine.enqueue('far_away', { delay_ms: 30 * 86_400_000 });
      // A task that runs proves the runner is alive and its claims went through meanwhile.
      const near = await engine.enqueue('near', { delay_ms: 200 });
      await waitForFinal(engine, near.task_id);
      expect(asked).toBeLessThan(10);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
}
