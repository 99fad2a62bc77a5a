/** Task store conformance: leases, fencing, and tasks left behind by a dead or stopped runner. */
import { hostname } from 'node:os';
import { expect, it } from 'vitest';
import { ABANDONED_ERROR, type TaskEngine } from '../../../src/engine/index.js';
import { gate, waitForFinal } from '../../support/wait.js';
import { newTaskFixture } from './newTaskFixture.js';
import type { TaskSuite } from './taskSuite.js';

/** Registers the leases and recovery tests. */
export function taskLeaseTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  it('survives a restart: pending tasks run after it; tasks left running by a dead process fail', async () => {
    let storage = suite.storage();
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

    storage = await suite.reopen();
    const second = newEngine();
    second.defineTaskType({ type: 'later', handler: (ctx) => ctx.progress(2, 'готово') });
    await second.start();
    const failed = await second.getTask(orphan.task_id);
    expect(failed).toMatchObject({ status: 'failed', error: ABANDONED_ERROR });
    const done = await waitForFinal(second, pending.task_id);
    expect(done).toMatchObject({ status: 'completed', processed: 2, message: 'готово' });
  });

  it('requeues a task whose runner died while attempts remain; the next attempt resumes from its checkpoint', async () => {
    const storage = suite.storage();
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

  it('fences writes of an attempt that lost its lease', async () => {
    const storage = suite.storage();
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
}
