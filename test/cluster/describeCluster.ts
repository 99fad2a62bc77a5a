/**
 * The scale-out suite, run once per bus (scaleOut.postgres.test.ts, scaleOut.redis.test.ts): two serve
 * nodes (A, B; HTTP + WebSocket only) and two workers (1, 2) as real processes on a fresh PostgreSQL
 * database, with a 1C simulator process whose answers take 100 ms, so a sync of its 1,500 documents lasts
 * a few seconds. Heartbeat 200 ms, lease 1.5 s: a dead worker's task is recovered quickly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isFinalStatus, type Task, type TaskDetails } from '../../src/engine/index.js';
import { Cluster, type BusKind } from './cluster.js';
import {
  call,
  closeCode,
  eventually,
  follow,
  setSimulatorFaults,
  simulatorFaultCounts,
  simulatorRefs,
  startBankSync,
  storedTransactions,
  taskRow,
  transactionsSnapshot,
  until,
  untilFinal,
} from './clusterClient.js';
import { killAllChildren } from './processes.js';
import { openSocket } from '../support/sockets.js';

/** Simulator answers are delayed this much, so a sync is still running when a test acts on it. */
const SIM_LATENCY_MS = 100;

/** Checks the updates one client received: strictly increasing seq, processed never going back. */
function expectOrdered(updates: Task[]): void {
  const seqs = updates.map((t) => t.seq);
  expect(seqs, 'seq strictly increasing').toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size, 'no seq twice').toBe(seqs.length);
  const processed = updates.map((t) => t.processed);
  expect(processed, 'processed never goes back').toEqual([...processed].sort((a, b) => a - b));
}

/** The scale-out behaviour of issue 5 on a cluster whose nodes talk over `bus`. */
export function describeCluster(bus: BusKind, run: boolean): void {
  describe.runIf(run)(`scale-out: 2 serve nodes + 2 workers, ${bus} bus`, () => {
    let cluster: Cluster;
    let token: string;
    /** Documents the simulator holds for the period: what every complete sync must store, once each. */
    let expected: Set<string>;

    beforeAll(async () => {
      cluster = await Cluster.create({
        bus,
        simulatorEnv: {
          ONEC_SIM_DOCUMENTS: '1500',
          ONEC_SIM_CONTRACTORS: '60',
          ONEC_SIM_FROM: '2025-01-01',
          ONEC_SIM_TO: '2025-06-30',
          ONEC_SIM_LATENCY_MS: String(SIM_LATENCY_MS),
        },
        // A worker frozen mid-transaction loses its session after the lease, so its rows can be reaped.
        env: {
          TASKCAST_HEARTBEAT_MS: '200',
          TASKCAST_LEASE_MS: '1500',
          TASKCAST_PROGRESS_INTERVAL_MS: '50',
          TASKCAST_PG_IDLE_IN_TRANSACTION_MS: '1500',
        },
        workerEnv: { TASKCAST_SHUTDOWN_GRACE_MS: '300' },
      });
      // All four at once on the empty database: migrations and first-start seeding must cope.
      await Promise.all([cluster.serve('A'), cluster.serve('B'), cluster.worker('1'), cluster.worker('2')]);
      token = await cluster.login(cluster.serveNode('A'));
      expected = await simulatorRefs(cluster);
      expect(expected.size).toBeGreaterThan(1000);
    });

    afterAll(async () => {
      await cluster?.close();
      await killAllChildren();
    });

    beforeEach(async ({ onTestFailed }) => {
      onTestFailed(() => console.error(`cluster processes' output:\n${cluster.output()}`));
      // A test may have stopped or killed nodes; each starts from the full cluster and no stored documents.
      await cluster.restartExited();
      // A test that failed half-way may have left a sync going: cancel it, so the next one is not refused (409).
      const { rows } = await cluster.sql.query<{ task_id: string }>(`SELECT task_id FROM tasks WHERE status IN ('pending', 'running')`);
      for (const { task_id } of rows) await call(cluster.serveNode('A'), token, 'POST', `/api/v1/tasks/${task_id}/cancel`).catch(() => {});
      await eventually(
        async () => (await cluster.sql.query(`SELECT 1 FROM tasks WHERE status IN ('pending', 'running')`)).rows.length === 0,
        'the syncs left by an earlier test to stop',
      );
      await cluster.sql.query('TRUNCATE bank_transactions');
    });

    it('a client on node A follows a sync running on a worker, in seq order, to its exact final result; a client that drops on B and reconnects on A with since loses nothing', async () => {
      const A = cluster.serveNode('A');
      const B = cluster.serveNode('B');
      const taskId = await startBankSync(A, token);
      const onA = await follow(A, token, taskId);
      // A second client starts on B, drops mid-way and comes back on A with the last seq it saw.
      const onB = await follow(B, token, taskId);
      const seen = await until(onB, (t) => t.status === 'running' && t.processed >= 100);
      await onB.close();
      const resumed = await follow(A, token, taskId, seen.seq);

      const updates = await untilFinal(onA);
      const final = updates.at(-1)!;
      expectOrdered(updates);
      expect(final).toMatchObject({ status: 'completed', attempt: 1, processed: expected.size, total: expected.size, progress: 100 });
      expect(final.result).toMatchObject({ loaded: expected.size, created: expected.size, updated: 0, skipped: 0, deleted: 0 });
      // The serve nodes run no task: the updates in between came from a worker, over the bus.
      expect(updates.filter((t) => t.status === 'running' && t.processed > 0 && t.processed < expected.size).length).toBeGreaterThan(2);
      // What the client saw last is what is stored (read on the other node).
      expect(await call<TaskDetails>(B, token, 'GET', `/api/v1/tasks/${taskId}`)).toEqual({ ...final, attempts: expect.any(Array) });

      const afterReconnect = await untilFinal(resumed);
      expect(afterReconnect[0]!.seq).toBeGreaterThan(seen.seq);
      expectOrdered([seen, ...afterReconnect]);
      expect(afterReconnect.at(-1)).toEqual(final);

      const stored = await storedTransactions(cluster);
      expect(stored.rows).toBe(expected.size);
      expect(stored.refs).toEqual(expected);
      await Promise.all([onA.close(), resumed.close()]);
    });

    it('a cancel sent to node B stops the sync on its worker within a second', async () => {
      const A = cluster.serveNode('A');
      const B = cluster.serveNode('B');
      const taskId = await startBankSync(A, token);
      const onA = await follow(A, token, taskId);
      await until(onA, (t) => t.status === 'running' && t.processed >= 100);

      const requestedAt = performance.now();
      const answer = await call<Task>(B, token, 'POST', `/api/v1/tasks/${taskId}/cancel`);
      expect(answer).toMatchObject({ status: 'running', cancel_requested: true });
      const final = await until(onA, (t) => isFinalStatus(t.status));
      const stoppedAfterMs = performance.now() - requestedAt;

      expect(final.status).toBe('cancelled');
      expect(stoppedAfterMs, `stopped ${Math.round(stoppedAfterMs)} ms after the request`).toBeLessThan(1000);
      expect(final.processed).toBeLessThan(expected.size);
      // The sync stops at a batch boundary: what it reports is exactly what it stored.
      expect((await storedTransactions(cluster)).rows).toBe(final.processed);
      expect(await taskRow(cluster, taskId)).toMatchObject({ status: 'cancelled', lease_expires_at: null });
      await onA.close();
    });

    it('SIGKILL of the worker running a sync: the other worker resumes it from the checkpoint and every document is stored exactly once', async () => {
      const A = cluster.serveNode('A');
      const taskId = await startBankSync(A, token);
      const onA = await follow(A, token, taskId);
      const before = await until(onA, (t) => t.status === 'running' && t.processed >= 300);
      const running = await taskRow(cluster, taskId);
      const victim = cluster.workerByOwner(running.lease_owner!);
      expect(victim, `lease owner ${running.lease_owner} is one of the workers`).toBeDefined();
      expect(await victim!.process.kill()).toMatchObject({ signal: 'SIGKILL' });

      const rest = await untilFinal(onA);
      const updates = [before, ...rest];
      const final = rest.at(-1)!;
      expectOrdered(updates);
      // Requeued by a reaper, then claimed by the surviving worker as attempt 2.
      const resumedAt = rest.find((t) => t.status === 'running' && t.attempt === 2);
      expect(resumedAt!.processed, 'attempt 2 starts from the committed checkpoint').toBeGreaterThanOrEqual(before.processed);
      expect(final).toMatchObject({ status: 'completed', attempt: 2, processed: expected.size });
      // Each document read once: nothing re-read (it would count as "skipped"), nothing loaded twice.
      expect(final.result).toMatchObject({ loaded: expected.size, created: expected.size, updated: 0, skipped: 0 });
      const stored = await storedTransactions(cluster);
      expect(stored.rows).toBe(expected.size);
      expect(stored.refs).toEqual(expected);
      await onA.close();
    });

    it('a stale worker, stopped past its lease while a sync waits on 1C, is fenced off when it wakes: its late write changes nothing', async () => {
      const A = cluster.serveNode('A');
      const taskId = await startBankSync(A, token);
      const onA = await follow(A, token, taskId);
      await until(onA, (t) => t.status === 'running' && t.processed >= 100);
      const stale = cluster.workerByOwner((await taskRow(cluster, taskId)).lease_owner!)!;
      // Its next 1C request never gets an answer; once it waits on it (no transaction open), freeze it.
      await setSimulatorFaults(cluster, { hang: 1 });
      await eventually(async () => (await simulatorFaultCounts(cluster)).hang === 1, 'the sync to send the hanging request');
      stale.process.signal('SIGSTOP');
      try {
        // No heartbeat renews its lease: a reaper requeues the sync, the other worker finishes it.
        const final = (await untilFinal(onA)).at(-1)!;
        expect(final).toMatchObject({ status: 'completed', attempt: 2, processed: expected.size });
        expect(final.result).toMatchObject({ loaded: expected.size, created: expected.size, updated: 0, skipped: 0 });
        const stored = await transactionsSnapshot(cluster);
        expect(stored).toHaveLength(expected.size);

        // Woken, it times out on the hung request, retries, reads a page and tries to commit it as attempt 1.
        stale.process.signal('SIGCONT');
        await stale.process.waitForOutput(new RegExp(`"task_id":"${taskId}"[^\\n]*"msg":"could not record task as`));
        expect(await call<TaskDetails>(A, token, 'GET', `/api/v1/tasks/${taskId}`)).toEqual({ ...final, attempts: expect.any(Array) });
        expect(await transactionsSnapshot(cluster)).toEqual(stored);
      } finally {
        stale.process.signal('SIGCONT');
        await setSimulatorFaults(cluster, { hang: 0, latencyMs: SIM_LATENCY_MS });
        await onA.close();
      }
    });

    it.each(['SIGTERM', 'SIGINT'] as const)(
      '%s of a serve node closes its WebSocket clients with 1001 and the process exits 0',
      async (signal) => {
        const B = cluster.serveNode('B');
        const all = await openSocket(`${B.wsUrl}/api/v1/ws/tasks?token=${encodeURIComponent(token)}`);
        const taskId = await startBankSync(B, token);
        const one = await follow(B, token, taskId);
        await until(one, (t) => t.status === 'running');
        const codes = Promise.all([closeCode(all), closeCode(one)]);
        expect(await B.process.terminate(signal)).toEqual({ code: 0, signal: null });
        expect(await codes).toEqual([1001, 1001]);
        // The sync runs on a worker: stopping a serve node does not touch it.
        const onA = await follow(cluster.serveNode('A'), token, taskId);
        expect((await untilFinal(onA)).at(-1)).toMatchObject({ status: 'completed', attempt: 1 });
        await onA.close();
      },
    );

    it('restarting every process loses no task: a pending one stays pending and runs, a running one is handed back and resumed', async () => {
      const A = cluster.serveNode('A');
      const bankId = await startBankSync(A, token);
      const onA = await follow(A, token, bankId);
      const before = await until(onA, (t) => t.status === 'running' && t.processed >= 100);

      // Workers first: they stop claiming, give the sync 300 ms, then hand it back with its checkpoint.
      const workerExits = await cluster.terminate(cluster.all().filter((n) => n.kind === 'worker'));
      expect(Object.values(workerExits)).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
      const handedBack = await taskRow(cluster, bankId);
      expect(handedBack).toMatchObject({ status: 'pending', attempt: 1, error: null, lease_owner: null });
      expect(handedBack.processed).toBeGreaterThanOrEqual(before.processed);
      expect(handedBack.checkpoint).not.toBeNull();
      // With no worker left, a new task stays pending.
      const { task_id: contractorsId } = await call<{ task_id: string }>(
        A,
        token,
        'POST',
        '/api/v1/sync-1c/contractors/sync-async',
        {},
        202,
      );
      const serveExits = await cluster.terminate(cluster.all().filter((n) => n.kind === 'serve'));
      expect(Object.values(serveExits)).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
      expect((await taskRow(cluster, contractorsId)).status).toBe('pending');

      await cluster.restartExited();
      const B = cluster.serveNode('B');
      const [bank, contractors] = await Promise.all([follow(B, token, bankId), follow(B, token, contractorsId)]);
      const bankUpdates = await untilFinal(bank);
      const bankFinal = bankUpdates.at(-1)!;
      expectOrdered(bankUpdates);
      expect(bankFinal).toMatchObject({ status: 'completed', attempt: 2, processed: expected.size });
      expect(bankFinal.result).toMatchObject({ loaded: expected.size, created: expected.size, updated: 0, skipped: 0 });
      expect((await untilFinal(contractors)).at(-1)).toMatchObject({ status: 'completed', attempt: 1 });
      const stored = await storedTransactions(cluster);
      expect(stored.rows).toBe(expected.size);
      expect(stored.refs).toEqual(expected);
      await Promise.all([onA.close(), bank.close(), contractors.close()]);
    });
  });
}
