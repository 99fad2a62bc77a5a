/**
 * The engine's scale-out rules that need no process of their own, on a fresh PostgreSQL database: fencing
 * of a stale runner, recovery of an expired lease (requeue with the checkpoint, or a clear failure once the
 * attempts are spent), cancellation through the heartbeat when no bus message arrives, and task timeouts.
 * A "stale runner" is played by the store directly: it claimed a task (attempt 1) and then went silent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBus } from '../../src/bus/index.js';
import {
  ABANDONED_ERROR,
  LeaseLostError,
  TaskEngine,
  type Json,
  type TaskBus,
  type TaskContext,
  type TaskRow,
} from '../../src/engine/index.js';
import { type PostgresStorage, openPostgres } from '../../src/store/index.js';
import { bankRecord } from '../store/conformance/syncFixtures.js';
import { shouldRunPostgres } from '../support/postgres.js';
import { gate, waitForFinal, waitForTask } from '../support/wait.js';
import { createTestDatabase, type TestDatabase } from './cluster.js';

const run = await shouldRunPostgres();

/** Owner id of a runner on another host: judged by its lease expiry only, never by a pid. */
const STALE_OWNER = 'another-host:4242:0badc0de';

/** A task type whose runs report what they resumed from and wait until the test lets them finish. */
function heldWork(type: string, maxAttempts: number) {
  const started = new Map<number, ReturnType<typeof gate<TaskContext>>>();
  const release = gate<Json>();
  const startedGate = (attempt: number) => {
    let g = started.get(attempt);
    if (!g) started.set(attempt, (g = gate<TaskContext>()));
    return g;
  };
  return {
    type,
    /** Resolves with the context of the run of that attempt once it started. */
    started: (attempt: number) => startedGate(attempt).promise,
    release: (result: Json) => release.open(result),
    define(engine: TaskEngine) {
      engine.defineTaskType({
        type,
        maxAttempts,
        handler: async (ctx) => {
          startedGate(ctx.attempt).open(ctx as TaskContext);
          return await new Promise<Json>((resolve, reject) => {
            void release.promise.then(resolve);
            ctx.signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
          });
        },
      });
    },
  };
}

describe.runIf(run)('leases, fencing, heartbeat cancellation and timeouts on PostgreSQL', () => {
  let db: TestDatabase;
  let storage: PostgresStorage;
  const engines: TaskEngine[] = [];

  /** An engine on the test database (stopped after each test). */
  function engine(options: Partial<ConstructorParameters<typeof TaskEngine>[0]> = {}): TaskEngine {
    const e = new TaskEngine({ storage, heartbeatMs: 50, leaseMs: 2000, progressIntervalMs: 20, ...options });
    engines.push(e);
    return e;
  }

  /** The stale runner's claim: attempt 1 of the task, leased for `leaseMs`, never renewed. */
  async function staleClaim(type: string, leaseMs: number): Promise<TaskRow> {
    const [row] = await storage.tasks.claimTasks({ types: [type], limit: 1, leaseOwner: STALE_OWNER, leaseMs });
    expect(row).toMatchObject({ status: 'running', attempt: 1, lease_owner: STALE_OWNER });
    return row!;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    storage = openPostgres({ url: db.url, pollIntervalMs: 100 });
    await storage.migrate();
  });

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop(500)));
  });

  afterAll(async () => {
    await storage?.close();
    await db?.drop();
  });

  it('an expired lease is requeued and resumed from its checkpoint; the stale runner’s late writes are refused and change nothing', async () => {
    const work = heldWork('fenced_work', 3);
    const node = engine();
    work.define(node);
    const task = await node.enqueue(work.type, { total: 100 });
    const stale = await staleClaim(work.type, 300);
    await storage.tasks.saveCheckpoint(task.task_id, { processed: 40 }, { after: 40 }, stale.attempt);

    // The node's reaper finds the lease expired, requeues the task, and its runner claims attempt 2.
    await node.start();
    const second = await work.started(2);
    expect(second.resumeFrom).toEqual({ after: 40 });
    const before = (await storage.tasks.getTask(task.task_id))!;
    expect(before).toMatchObject({ status: 'running', attempt: 2, processed: 40, lease_owner: node.leaseOwner });

    const fence = stale.attempt;
    const id = task.task_id;
    const lateWrites: [string, () => Promise<unknown>][] = [
      ['progress', () => storage.tasks.setProgress(id, { processed: 90 }, fence)],
      ['checkpoint', () => storage.tasks.saveCheckpoint(id, { processed: 90 }, { after: 90 }, fence)],
      ['complete', () => storage.tasks.completeTask(id, { by: 'stale' }, { processed: 100 }, fence)],
      ['fail', () => storage.tasks.failTask(id, 'stale failure', {}, fence)],
      ['cancel', () => storage.tasks.markCancelled(id, {}, fence)],
      ['hand back', () => storage.tasks.handBackTask(id, {}, fence)],
      [
        'sync batch',
        () =>
          storage.sync.commitBankBatch(
            { taskId: id, fence, progress: { processed: 41 }, checkpoint: { after: 41 } },
            [bankRecord()],
            'stale-run',
          ),
      ],
    ];
    for (const [what, write] of lateWrites) await expect(write(), what).rejects.toBeInstanceOf(LeaseLostError);
    const [batchResult] = await storage.tasks.completeTasks([{ taskId: id, result: { by: 'stale' }, update: {}, fence }]);
    expect(batchResult).toBeInstanceOf(LeaseLostError);

    // Only the lease moved on (attempt 2's heartbeat renews it); nothing the stale runner sent landed.
    const after = (await storage.tasks.getTask(id))!;
    expect({ ...after, lease_expires_at: null }).toEqual({ ...before, lease_expires_at: null });
    expect((await storage.pool.query('SELECT count(*)::int AS n FROM bank_transactions')).rows[0].n).toBe(0);

    work.release({ by: 'attempt 2' });
    const final = await waitForFinal(node, id);
    expect(final).toMatchObject({ status: 'completed', attempt: 2, result: { by: 'attempt 2' } });
  });

  it('an expired lease with no attempt left fails the task with a clear error', async () => {
    const work = heldWork('single_attempt_work', 1);
    const node = engine();
    work.define(node);
    const task = await node.enqueue(work.type);
    await staleClaim(work.type, 200);
    await node.start();
    const final = await waitForFinal(node, task.task_id);
    expect(final).toMatchObject({ status: 'failed', attempt: 1, error: ABANDONED_ERROR });
    // The lease has ended; lease_owner names the node of that last attempt.
    const row = (await storage.tasks.getTask(task.task_id))!;
    expect(row.lease_expires_at).toBeNull();
    expect(row.lease_owner).toEqual(expect.any(String));
  });

  it('heartbeat writes never wait for a task row another transaction holds, so they cannot deadlock with a completion batch', async () => {
    const node = engine();
    node.defineTaskType({ type: 'locked_work', handler: () => null });
    const [held, expired] = await node.enqueueMany('locked_work', [{}, {}]);
    const [heldRow] = await storage.tasks.claimTasks({ types: ['locked_work'], limit: 1, leaseOwner: STALE_OWNER, leaseMs: 60_000 });
    expect(heldRow!.task_id).toBe(held!.task_id);
    await storage.tasks.claimTasks({ types: ['locked_work'], limit: 1, leaseOwner: STALE_OWNER, leaseMs: 0 });
    // Another transaction (say, a completion batch of the runner) holds both rows for a while.
    const other = await storage.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM tasks WHERE task_id = ANY($1::uuid[]) FOR UPDATE', [[held!.task_id, expired!.task_id]]);
      const notBlocked = <T>(p: Promise<T>) =>
        Promise.race([p, new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), 2000).unref())]);
      // Skipped, not awaited: renewed and reaped at a later beat.
      expect(await notBlocked(storage.tasks.renewLeases(STALE_OWNER, [held!.task_id], 60_000))).toEqual([]);
      expect(await notBlocked(storage.tasks.recoverAbandoned(ABANDONED_ERROR, []))).toEqual([]);
    } finally {
      await other.query('ROLLBACK');
      other.release();
    }
    await storage.tasks.requestCancel(held!.task_id);
    expect(await storage.tasks.renewLeases(STALE_OWNER, [held!.task_id], 60_000)).toEqual([held!.task_id]);
    expect((await storage.tasks.recoverAbandoned(ABANDONED_ERROR, [])).map((r) => r.task_id)).toEqual([expired!.task_id]);
  });

  /** A bus that loses every cancel notification (and passes everything else through). */
  class CancelLosingBus implements TaskBus {
    lost = 0;
    constructor(private readonly inner: TaskBus) {}
    publish: TaskBus['publish'] = (task) => this.inner.publish(task);
    publishCancel(): void {
      this.lost++;
    }
    listen: TaskBus['listen'] = (handlers) => this.inner.listen(handlers);
    close: TaskBus['close'] = () => this.inner.close();
  }

  /** How the cancel request reaches the worker: bus (heartbeat too slow to matter), or only the heartbeat. */
  type CancelPath = 'bus' | 'no bus' | 'lost notification';

  it.each([
    ['over the bus, long before a heartbeat', 'bus'],
    ['through the heartbeat when the requesting node has no bus', 'no bus'],
    ['through the heartbeat when the cancel notification is lost', 'lost notification'],
  ] as [string, CancelPath][])('a cancel requested on another node stops a running task within a second: %s', async (_case, path) => {
    const namespace = `leases_${path.replace(' ', '_')}`;
    const work = heldWork(`cancel_${path.replace(' ', '_')}`, 1);
    const withBus = path !== 'no bus';
    const frontBus = path === 'lost notification' ? new CancelLosingBus(new PostgresBus(db.url, namespace)) : null;
    const worker = engine({
      // With a working bus the heartbeat is a minute away (and the lease longer), so only the bus can stop the task in time.
      heartbeatMs: path === 'bus' ? 60_000 : 150,
      leaseMs: path === 'bus' ? 120_000 : 2000,
      ...(withBus ? { bus: new PostgresBus(db.url, namespace) } : {}),
    });
    const front = engine({ runTasks: false, ...(withBus ? { bus: frontBus ?? new PostgresBus(db.url, namespace) } : {}) });
    work.define(worker);
    work.define(front);
    await Promise.all([worker.start(), front.start()]);
    const task = await front.enqueue(work.type);
    await work.started(1);

    const requestedAt = performance.now();
    expect(await front.cancelTask(task.task_id)).toMatchObject({ status: 'running', cancel_requested: true });
    const final = await waitForFinal(worker, task.task_id);
    const stoppedAfterMs = performance.now() - requestedAt;
    expect(final.status).toBe('cancelled');
    expect(stoppedAfterMs).toBeLessThan(1000);
    if (frontBus) expect(frontBus.lost).toBe(1);
    // The front node hears of the end too: over the bus, or (without one) by reading the store.
    if (withBus) await waitForTask(front, task.task_id, (t) => t.status === 'cancelled');
    else expect((await front.getTask(task.task_id))!.status).toBe('cancelled');
  });

  it('a run past its type’s timeout is cancelled (its signal fires) and retried by the policy; the last one fails the task', async () => {
    const node = engine();
    let sawAbort = false;
    node.defineTaskType({
      type: 'slow_work',
      timeoutMs: 300,
      maxAttempts: 2,
      backoff: { base_ms: 10, jitter: 'none' },
      handler: async (ctx) => {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        sawAbort = ctx.signal.aborted;
        ctx.throwIfCancelled();
      },
    });
    await node.start();
    const startedAt = performance.now();
    const task = await node.enqueue('slow_work');
    const final = await waitForFinal(node, task.task_id);
    expect(sawAbort).toBe(true);
    expect(final).toMatchObject({ status: 'failed', attempt: 2, cancel_requested: false });
    expect(final.error).toMatch(/Превышено время выполнения задачи/);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(600);
    const details = (await node.getTaskDetails(task.task_id))!;
    expect(details.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
    ]);
    expect(details.attempts[0]!.error).toMatch(/Превышено время выполнения задачи/);
  });
});
