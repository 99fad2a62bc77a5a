/**
 * Issue 9, item 1: PostgreSQL going away must not take the server down. Real processes on a fresh
 * database: a serve node (HTTP + WebSocket) and a worker, both connected to PostgreSQL through a TCP proxy
 * the test cuts (every connection dropped, new ones refused) and restores, and a 1C simulator slow enough
 * that a bank sync is running when the database goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Task } from '../../src/engine/index.js';
import { Cluster } from '../cluster/cluster.js';
import { eventually, follow, simulatorRefs, startBankSync, storedTransactions, until, untilFinal } from '../cluster/clusterClient.js';
import { killAllChildren } from '../cluster/processes.js';
import { shouldRunPostgres } from '../support/postgres.js';
import { openSocket, refusedSocket } from '../support/sockets.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

const run = await shouldRunPostgres();

/** An HTTP answer: status, headers we look at, parsed body. */
async function get(url: string, token?: string): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe.runIf(run)('PostgreSQL outage (issue 9, item 1)', () => {
  let cluster: Cluster;
  let proxy: TcpProxy;
  let token: string;

  beforeAll(async () => {
    cluster = await Cluster.create({
      bus: 'postgres',
      simulatorEnv: {
        ONEC_SIM_DOCUMENTS: '1500',
        ONEC_SIM_CONTRACTORS: '60',
        ONEC_SIM_FROM: '2025-01-01',
        ONEC_SIM_TO: '2025-06-30',
        ONEC_SIM_LATENCY_MS: '60',
      },
      env: { TASKCAST_HEARTBEAT_MS: '200', TASKCAST_PROGRESS_INTERVAL_MS: '50', TASKCAST_DB_CONNECT_TIMEOUT_MS: '1000' },
    });
    proxy = await startTcpProxy('127.0.0.1', Number(new URL(cluster.db.url).port || 5432));
    const viaProxy = new URL(cluster.db.url);
    viaProxy.port = String(proxy.port);
    const env = { DATABASE_URL: viaProxy.toString() };
    await cluster.serve('A', env);
    await cluster.worker('1', env);
    token = await cluster.login(cluster.serveNode('A'));
  });

  afterAll(async () => {
    await proxy?.close();
    await cluster?.close();
    await killAllChildren();
  });

  it('a socket whose subscription query is killed is closed with 1011 and a reason; the server stays up', async ({ onTestFailed }) => {
    onTestFailed(() => console.error(cluster.output()));
    const A = cluster.serveNode('A');
    // Hold the tasks table so the all-tasks socket's snapshot query waits on it, then kill that query's backend.
    const locker = new pg.Client({ connectionString: cluster.db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE');
      const socket = await openSocket(`${A.wsUrl}/api/v1/ws/tasks?token=${encodeURIComponent(token)}`);
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        socket.ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
      );
      let done = false;
      void closed.then(() => (done = true));
      // Kill whatever of the app waits on the lock until the socket is closed: the snapshot query, and any
      // heartbeat that happens to wait there too (under load it may get there first).
      await eventually(async () => {
        const { rows } = await cluster.sql.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'taskcast' AND wait_event_type = 'Lock'`,
          [cluster.db.name],
        );
        for (const { pid } of rows) await cluster.sql.query('SELECT pg_terminate_backend($1)', [pid]);
        return done;
      }, 'the socket to be closed once its snapshot query was killed');
      expect(await closed).toEqual({ code: 1011, reason: expect.stringMatching(/Database unavailable/) });
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    }
    expect(A.process.running).toBe(true);
    expect((await get(`${A.url}/healthz`)).status).toBe(200);
  });

  it('cut in the middle of HTTP traffic, open sockets and a running sync: 503s with a detail, healthz 503 then 200, live updates resume, every document stored once', async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.error(cluster.output()));
    const A = cluster.serveNode('A');
    const expected = await simulatorRefs(cluster);
    await cluster.sql.query('TRUNCATE bank_transactions');
    const all = await openSocket(`${A.wsUrl}/api/v1/ws/tasks?token=${encodeURIComponent(token)}`);
    const taskId = await startBankSync(A, token);
    const one = await follow(A, token, taskId);
    const before = await until(one, (t) => t.status === 'running' && t.processed >= 200);

    // HTTP traffic runs throughout; no answer may be a 500 or a dropped connection.
    const statuses = new Map<number, number>();
    let traffic = true;
    const loop = (async () => {
      while (traffic) {
        const r = await get(`${A.url}/api/v1/tasks?limit=5`, token);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status !== 200)
          expect(r).toMatchObject({ status: 503, retryAfter: '1', body: { detail: expect.stringMatching(/database/i) } });
        await new Promise((resolve) => setTimeout(resolve, 20)); // pacing of the traffic, not a wait for a state
      }
    })();

    // Cut while the worker is inside a batch transaction (held on a lock), so the connection drops under
    // a checked-out client: the worker once died there of an 'error' event nobody listened to.
    const locker = new pg.Client({ connectionString: cluster.db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE bank_transactions IN EXCLUSIVE MODE');
    await eventually(async () => {
      const { rows } = await cluster.sql.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'taskcast' AND wait_event_type = 'Lock'`,
        [cluster.db.name],
      );
      return rows.length > 0;
    }, 'a batch commit to wait on the lock');
    proxy.cut();
    await locker.query('ROLLBACK');
    await locker.end();
    try {
      await eventually(async () => (await get(`${A.url}/healthz`)).status === 503, 'healthz to answer 503');
      const health = await get(`${A.url}/healthz`);
      expect(health).toMatchObject({ status: 503, body: { status: 'unavailable', detail: expect.any(String) } });
      const list = await get(`${A.url}/api/v1/tasks`, token);
      expect(list).toMatchObject({ status: 503, retryAfter: '1', body: { detail: expect.stringMatching(/database/i) } });
      // A socket opened now cannot check the caller's account: refused with 503, not a crash.
      const refused = await refusedSocket(`${A.wsUrl}/api/v1/ws/tasks?token=${encodeURIComponent(token)}`);
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toEqual({ detail: expect.stringMatching(/database/i) });
      await eventually(async () => (statuses.get(503) ?? 0) > 0, 'the traffic to see a 503');
    } finally {
      proxy.restore();
    }

    await eventually(async () => (await get(`${A.url}/healthz`)).status === 200, 'healthz to answer 200 again', 30_000);
    // The sync goes on where it was: the socket opened before the outage sees it to the end over the
    // reconnected bus, and every document is stored exactly once.
    const rest = await untilFinal(one);
    const final = rest.at(-1)!;
    expect(final).toMatchObject({ status: 'completed', processed: expected.size });
    expect(final.result).toMatchObject({ loaded: expected.size, created: expected.size });
    // What the socket hears after the outage is newer than what it had before it. Whether running updates come
    // before the final one is a race: when the sync ends before the bus's listener is back (it retries every
    // 500 ms), the catch-up on reconnect delivers the final state alone.
    expect(rest.every((t: Task) => t.seq > before.seq)).toBe(true);
    const stored = await storedTransactions(cluster);
    expect(stored.rows).toBe(expected.size);
    expect(stored.refs).toEqual(expected);
    // The all-tasks socket opened before the outage is still open and heard the end too.
    await all.inbox.until((m) => m.type === 'task_update' && m.task.task_id === taskId && m.task.status === 'completed');

    traffic = false;
    await loop;
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    expect(cluster.serveNode('A').process.running).toBe(true);
    expect(cluster.workerNode('1').process.running).toBe(true);
    await Promise.all([all.close(), one.close()]);
  });
});
