/**
 * A task's log lines reach a socket on a node that does not run the task (issue 14): real processes on a fresh
 * PostgreSQL database — a serve node that runs no task, a worker that runs the bank sync. The worker stores the
 * sync's lines and says so on the bus (PostgreSQL or Redis: "logs stored for task X, seqs a..b"); the serve node,
 * which has a socket following that task, reads the new lines from the store and pushes them as `log` messages.
 * Before the hint its clients saw none of them live.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Cluster, type BusKind } from './cluster.js';
import { call, follow, startBankSync, taskOf } from './clusterClient.js';
import { killAllChildren } from './processes.js';
import { isFinalStatus } from '../../src/engine/index.js';

interface LogItem {
  seq: number;
  level: string;
  message: string;
}

/** The test on a cluster whose nodes talk over `bus` (remoteLogs.postgres.test.ts, remoteLogs.redis.test.ts). */
export function describeRemoteLogs(bus: BusKind, run: boolean): void {
  describe.runIf(run)(`live task log lines across nodes (${bus} bus)`, () => {
    let cluster: Cluster;

    beforeAll(async () => {
      cluster = await Cluster.create({
        bus,
        // Slow enough that the socket is open while the sync still works and logs.
        simulatorEnv: {
          ONEC_SIM_DOCUMENTS: '300',
          ONEC_SIM_CONTRACTORS: '20',
          ONEC_SIM_FROM: '2025-01-01',
          ONEC_SIM_TO: '2025-06-30',
          ONEC_SIM_LATENCY_MS: '150',
        },
        env: { ONEC_PAGE_SIZE: '50', TASKCAST_TASK_LOG_FLUSH_MS: '50' },
      });
      await Promise.all([cluster.serve('A'), cluster.worker('1')]);
    }, 120_000);

    afterAll(async () => {
      await cluster?.close();
      await killAllChildren();
    });

    beforeEach(({ onTestFailed }) => {
      onTestFailed(() => console.error(`cluster processes' output:\n${cluster.output()}`));
    });

    it("pushes the lines a worker stores to a socket on the serve node, the sync's last line included", async () => {
      const serve = cluster.serveNode('A');
      const token = await cluster.login(serve);
      const taskId = await startBankSync(serve, token);
      const socket = await follow(serve, token, taskId);
      const first = taskOf(await socket.inbox.next());
      expect(isFinalStatus(first.status)).toBe(false);
      // Read until the end, then (if it was not there yet) until the stored log's last line arrived on the socket.
      const received = await socket.inbox.until((m) => m.type === 'task_update' && isFinalStatus(taskOf(m).status));
      const stored = (await call<{ items: LogItem[] }>(serve, token, 'GET', `/api/v1/tasks/${taskId}/logs?since=0`)).items;
      expect(stored.length).toBeGreaterThan(1);
      const last = stored.at(-1)!.seq;
      const hasLast = (m: { type: string; items?: unknown }) => m.type === 'log' && (m.items as LogItem[]).some((i) => i.seq === last);
      if (!received.some(hasLast)) received.push(...(await socket.inbox.until(hasLast)));
      await socket.close();
      const pushed = received.filter((m) => m.type === 'log').flatMap((m) => m.items as LogItem[]);
      // In order, no line twice, each as stored.
      const seqs = pushed.map((i) => i.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      const bySeq = new Map(stored.map((i) => [i.seq, i]));
      for (const item of pushed) expect(item.message).toBe(bySeq.get(item.seq)?.message);
      // Every line stored after the first one pushed was pushed.
      expect(seqs).toEqual(stored.filter((i) => i.seq >= seqs[0]!).map((i) => i.seq));
    }, 120_000);
  });
}
