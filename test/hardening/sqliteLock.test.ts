/**
 * Issue 9, item 3: another process holding SQLite's write lock (`BEGIN IMMEDIATE`) must not freeze the
 * server. A real server process on a SQLite file, a real 1C simulator process, and this test holding the
 * lock on the same file through its own connection while a bank sync runs and requests come in. Before
 * the fix: /healthz took 12.7 s, GET /api/v1/tasks 13.2 s, POST /api/v1/categories answered 500 and the
 * sync failed for good with "database is locked".
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/engine/index.js';
import { PERIOD, simulatorRefsAt, taskOf } from '../cluster/clusterClient.js';
import { killAllChildren, NodeProcess } from '../cluster/processes.js';
import { openSocket } from '../support/sockets.js';
import { startServeProcess } from './support/serveProcess.js';

/** How long the test holds the lock, ms: longer than the server's lock wait, so writes meet their limit. */
const HOLD_MS = 6_000;
const LOCK_WAIT_MS = 1_500;
/** Any request during the hold must be answered within this, ms (a bound for a loaded machine; before: 13 s). */
const ANSWER_WITHIN_MS = 3_000;
const PASSWORD = 'lock-admin-password';

describe('SQLite locked by another process (issue 9, item 3)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskcast-lock-'));
  let sim: NodeProcess;
  let server: NodeProcess;
  let simUrl: string;
  let url: string;
  let token: string;

  beforeAll(async () => {
    sim = new NodeProcess('onec-sim', 'src/onec/simulator/main.ts', {
      ONEC_SIM_PORT: '0',
      ONEC_SIM_DOCUMENTS: '1500',
      ONEC_SIM_CONTRACTORS: '60',
      ONEC_SIM_FROM: PERIOD.date_from,
      ONEC_SIM_TO: PERIOD.date_to,
      ONEC_SIM_LATENCY_MS: '40',
    });
    [, simUrl] = (await sim.waitForOutput(/1C OData simulator: (http\S+)/)) as [string, string];
    ({
      process: server,
      url,
      token,
    } = await startServeProcess('serve-lock', PASSWORD, {
      TASKCAST_DATA_DIR: dataDir,
      TASKCAST_SQLITE_LOCK_WAIT_MS: String(LOCK_WAIT_MS),
      TASKCAST_PROGRESS_INTERVAL_MS: '50',
      ONEC_URL: simUrl,
    }));
  }, 240_000);

  afterAll(async () => {
    await Promise.all([server?.kill(), sim?.kill()]);
    await killAllChildren();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A timed request with the admin token. */
  async function timed(method: string, path: string, body?: unknown) {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      ms: performance.now() - started,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: text ? JSON.parse(text) : null,
    };
  }

  it('reads keep being answered at once, a write past its wait answers 503 with Retry-After, and the sync goes on to store every document', async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.error(`${server.output()}\n${sim.output()}`));
    const expected = await simulatorRefsAt(simUrl);
    const started = await timed('POST', '/api/v1/sync-1c/bank-transactions/sync-async', PERIOD);
    expect(started.status).toBe(202);
    const taskId = started.body.task_id as string;
    const socket = await openSocket(`${url.replace('http', 'ws')}/api/v1/ws/tasks/${taskId}?token=${token}`);
    await socket.inbox.until((m) => m.type === 'task_update' && m.task.processed >= 200);

    const other = new Database(join(dataDir, 'taskcast.db'));
    other.exec('BEGIN IMMEDIATE');
    const lockedAt = performance.now();
    const answers: { path: string; ms: number; status: number }[] = [];
    let write: Awaited<ReturnType<typeof timed>> | null = null;
    try {
      const writing = timed('POST', '/api/v1/categories', { name: 'Во время блокировки', direction: 'out' }).then((w) => (write = w));
      while (performance.now() - lockedAt < HOLD_MS) {
        for (const path of ['/healthz', '/api/v1/tasks?limit=5', `/api/v1/tasks/${taskId}`, '/api/v1/categories']) {
          const r = await timed('GET', path);
          answers.push({ path, ms: r.ms, status: r.status });
        }
      }
      await writing;
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }

    const slowest = Math.max(...answers.map((a) => a.ms));
    console.info(
      `SQLite held ${HOLD_MS} ms: ${answers.length} reads, slowest ${slowest.toFixed(0)} ms; the write answered ${write!.status} in ${write!.ms.toFixed(0)} ms`,
    );
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(slowest).toBeLessThan(ANSWER_WITHIN_MS);
    expect(write).toMatchObject({ status: 503, retryAfter: '1', body: { detail: expect.stringMatching(/database/i) } });
    expect(write!.ms).toBeGreaterThanOrEqual(LOCK_WAIT_MS - 400); // the last pause (≤ 250 ms) is skipped when it would pass the wait
    expect(write!.ms).toBeLessThan(LOCK_WAIT_MS + ANSWER_WITHIN_MS);

    // The sync waited for the lock (its batch written again once free) and finished with every document once.
    const rest = await socket.inbox.until((m) => m.type === 'task_update' && ['completed', 'failed', 'cancelled'].includes(m.task.status));
    const final: Task = taskOf(rest.at(-1)!);
    expect(final).toMatchObject({ status: 'completed', error: null, processed: expected.size });
    const db = new Database(join(dataDir, 'taskcast.db'), { readonly: true });
    try {
      const refs = (db.prepare('SELECT ref FROM bank_transactions').pluck().all() as string[]).sort();
      expect(refs).toEqual([...expected].sort());
    } finally {
      db.close();
    }
    // And the write goes through now.
    expect((await timed('POST', '/api/v1/categories', { name: 'После блокировки', direction: 'out' })).status).toBe(201);
    expect(server.running).toBe(true);
    await socket.close();
  }, 180_000);
});
