/**
 * Issue 9, item 2, as it was reproduced: clients that send `{"type":"ping"}` as fast as they can and never
 * read, against a real server process (SQLite, the embedded 1C simulator), for TASKCAST_TEST_WS_FLOOD_MS
 * (60 s by default). Each hostile socket is closed by the server (1008) and opened again at once, so the
 * flood lasts the whole time. Meanwhile a well-behaved client follows two syncs. Before the fix, one such
 * client took the server from 155 MB to 1.6 GB in 60 s and /healthz answered in 34 s.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFinalStatus, type Task, type TaskDetails } from '../../src/engine/index.js';
import { killAllChildren, NodeProcess } from '../cluster/processes.js';
import { openSocket } from '../support/sockets.js';
import { startServeProcess } from './support/serveProcess.js';

const FLOOD_MS = Number(process.env.TASKCAST_TEST_WS_FLOOD_MS ?? 60_000);
/** Hostile sockets open at once. */
const ATTACKERS = Number(process.env.TASKCAST_TEST_WS_ATTACKERS ?? 4);
/** How much the server's resident memory may grow during the flood. */
const RSS_MARGIN_MB = 50;
/**
 * /healthz p99 during the flood must stay below this, ms. 1.5 s here because the suite runs beside other test
 * files on two cores (a run with no flood at all measured p99 248 ms at load average 11); on a quiet machine
 * it is well under 100 ms (docs/benchmarks.md). Before the fix it was 34 s.
 */
const HEALTHZ_P99_MS = Number(process.env.TASKCAST_TEST_HEALTHZ_P99_MS ?? 1_500);
const PASSWORD = 'flood-admin-password';

/** Resident set size of a process, MB (from /proc). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

/** CPU time a process has used so far, s (user + system, from /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The p-th percentile (0–100) of `values`. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('a ping flood from clients that never read (issue 9, item 2)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskcast-flood-'));
  let server: NodeProcess;
  let url: string;
  let token: string;

  beforeAll(async () => {
    ({ process: server, url, token } = await startServeProcess('serve-flood', PASSWORD, { TASKCAST_DATA_DIR: dataDir }));
  }, 240_000);

  afterAll(async () => {
    await server?.kill();
    await killAllChildren();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts both syncs; returns their task ids. */
  async function startSyncs(): Promise<string[]> {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(202);
      return ((await res.json()) as { task_id: string }).task_id;
    };
    const year = new Date().getUTCFullYear() - 1;
    return [
      await post('/api/v1/sync-1c/contractors/sync-async', {}),
      await post('/api/v1/sync-1c/bank-transactions/sync-async', { date_from: `${year}-01-01`, date_to: `${year}-12-31` }),
    ];
  }

  /** Starts both syncs and follows every task on a socket opened before, until both are final; their updates. */
  async function runSyncsFollowed(): Promise<{ ids: string[]; updates: Map<string, Task[]> }> {
    const socket = await openSocket(`${url.replace('http', 'ws')}/api/v1/ws/tasks?token=${token}`);
    const ids = await startSyncs();
    const seen = new Map<string, Task[]>(ids.map((id) => [id, []]));
    const finished = new Set<string>();
    await socket.inbox.until((m) => {
      if (m.type !== 'task_update' || !seen.has(m.task.task_id)) return false;
      seen.get(m.task.task_id)!.push(m.task as Task);
      if (isFinalStatus(m.task.status)) finished.add(m.task.task_id);
      return finished.size === ids.length;
    });
    await socket.close();
    return { ids, updates: seen };
  }

  it(
    `leaves the server within +${RSS_MARGIN_MB} MB, /healthz fast, and a well-behaved client missing nothing`,
    async () => {
      // Warm-up: one full run of both syncs, so the baseline includes what a sync itself needs.
      await runSyncsFollowed();
      const baseline = Math.max(rssMb(server.pid), rssMb(server.pid));

      const until = Date.now() + FLOOD_MS;
      const cpuBefore = cpuSeconds(server.pid);
      let maxRss = baseline;
      const latencies: number[] = [];
      const sampling = (async () => {
        while (Date.now() < until) {
          maxRss = Math.max(maxRss, rssMb(server.pid));
          const started = performance.now();
          const res = await fetch(`${url}/healthz`);
          await res.arrayBuffer();
          expect(res.status).toBe(200);
          latencies.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 100)); // sampling period, not a wait for a state
        }
      })();
      const attacker = new NodeProcess('ping-flood', 'test/hardening/support/pingFlood.ts', {
        FLOOD_URL: `${url.replace('http', 'ws')}/api/v1/ws/tasks?token=${token}`,
        FLOOD_MS: String(FLOOD_MS),
        FLOOD_SOCKETS: String(ATTACKERS),
      });
      const flood = attacker.waitForOutput(/flood done sockets=(\d+) pings=(\d+)/, FLOOD_MS + 60_000);

      // The well-behaved client: both syncs, followed to the end while the flood goes on.
      const { ids, updates } = await runSyncsFollowed();
      const [[, sockets, pings]] = await Promise.all([flood, sampling]);
      const counts = { sockets: Number(sockets), pings: Number(pings) };

      for (const id of ids) {
        const list = updates.get(id)!;
        const seqs = list.map((t) => t.seq);
        expect(seqs, 'in seq order').toEqual([...seqs].sort((a, b) => a - b));
        const res = await fetch(`${url}/api/v1/tasks/${id}`, { headers: { authorization: `Bearer ${token}` } });
        // The task's own fields (GET adds its attempts, which a socket update does not carry).
        const { attempts, ...stored } = (await res.json()) as TaskDetails;
        expect(attempts.map((a) => a.outcome)).toEqual(['completed']);
        expect(list.at(-1), 'the last update received is the stored final state').toEqual(stored);
        expect(stored.status).toBe('completed');
      }
      const p99 = percentile(latencies, 99);
      const cpu = cpuSeconds(server.pid) - cpuBefore;
      console.info(
        `ws flood ${FLOOD_MS} ms: ${counts.sockets} hostile sockets, ${counts.pings} pings sent; RSS ${baseline.toFixed(0)} → max ${maxRss.toFixed(0)} MB; healthz p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${latencies.length} samples); server CPU ${cpu.toFixed(1)} s`,
      );
      expect(counts.sockets, 'the server closed hostile sockets, which came back').toBeGreaterThan(ATTACKERS);
      expect(maxRss - baseline).toBeLessThan(RSS_MARGIN_MB);
      expect(p99).toBeLessThan(HEALTHZ_P99_MS);
      expect(server.running).toBe(true);
    },
    FLOOD_MS + 240_000,
  );
});
