/**
 * GET /metrics on the standalone server (issue 14): off (404) without TASKCAST_METRICS_TOKEN; with it, 401 without
 * the bearer token; the output passes `promtool check metrics` (Debian's `prometheus` package: under CI=true a
 * missing promtool fails this test, elsewhere it is skipped with a warning), names every metric of the issue with
 * its HELP, labels requests by route template (never the raw path; unmatched ones as one value), and counts the
 * tasks, socket messages, 1C requests and synced documents that really happened.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { startServer, type RunningServer } from '../server/index.js';
import { CONTRACTORS_SYNC_TYPE, DEMO_DATA } from '../sync/index.js';
import { sample, sampleSum } from '../../test/support/metricsText.js';
import { openSocket } from '../../test/support/sockets.js';
import { waitForFinal } from '../../test/support/wait.js';

const TOKEN = 'metrics-endpoint-test-token';
const ADMIN_PASSWORD = 'adminpass123';

const promtool = await promisify(execFile)('promtool', ['--version']).then(
  () => true,
  () => false,
);
if (!promtool && process.env.CI !== 'true')
  console.warn('\n*** promtool is missing (apt-get install prometheus): its check is SKIPPED. ***\n');

/** The metrics issue 14 lists: each must be exported with a HELP line. */
const ISSUE_METRICS = [
  ['taskcast_tasks_total', 'counter'],
  ['taskcast_tasks', 'gauge'],
  ['taskcast_task_wait_seconds', 'histogram'],
  ['taskcast_task_run_seconds', 'histogram'],
  ['taskcast_oldest_pending_seconds', 'gauge'],
  ['taskcast_ws_connections', 'gauge'],
  ['taskcast_ws_messages_sent_total', 'counter'],
  ['taskcast_ws_closed_total', 'counter'],
  ['taskcast_http_requests_total', 'counter'],
  ['taskcast_http_request_seconds', 'histogram'],
  ['taskcast_onec_requests_total', 'counter'],
  ['taskcast_onec_request_seconds', 'histogram'],
  ['taskcast_sync_documents_total', 'counter'],
] as const;

/** `promtool check metrics` on `text`: its exit code and what it printed. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics']);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

async function withServer(env: Record<string, string>, body: (server: RunningServer) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'taskcast-metrics-'));
  const server = await startServer(
    loadConfig({
      TASKCAST_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TASKCAST_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...env,
    }),
    pino({ level: 'silent' }),
  );
  try {
    await body(server);
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('GET /metrics', () => {
  it('is not there without TASKCAST_METRICS_TOKEN (404)', async () => {
    await withServer({}, async (server) => {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(404);
    });
  });

  describe('with TASKCAST_METRICS_TOKEN', () => {
    let server: RunningServer;
    let dataDir: string;
    let text: string;
    let syncCreated = 0;
    const scrape = async () => {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'taskcast-metrics-'));
      server = await startServer(
        loadConfig({
          TASKCAST_DATA_DIR: dataDir,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          TASKCAST_ADMIN_PASSWORD: ADMIN_PASSWORD,
          TASKCAST_METRICS_TOKEN: TOKEN,
          TASKCAST_METRICS_GAUGE_INTERVAL_MS: '100',
        }),
        pino({ level: 'silent' }),
      );
      server.engine.defineTaskType({ type: 'metrics_noop', handler: () => null });
      const tasks = await server.engine.enqueueMany('metrics_noop', [{}, {}, {}, {}, {}]);
      for (const t of tasks) await waitForFinal(server.engine, t.task_id);
      // The contractors sync against the embedded 1C simulator: its requests to 1C and its documents.
      const sync = await server.engine.enqueue(CONTRACTORS_SYNC_TYPE);
      const synced = await waitForFinal(server.engine, sync.task_id, 60_000);
      expect(synced.status).toBe('completed');
      syncCreated = (synced.result as { created: number }).created;
      expect(syncCreated).toBeGreaterThanOrEqual(DEMO_DATA.contractors);
      // Requests of a few kinds: refused, with an id in the path, and to no route at all.
      await fetch(`${server.url}/api/v1/tasks`);
      await fetch(`${server.url}/api/v1/tasks/${tasks[0]!.task_id}`);
      await fetch(`${server.url}/no/such/route/${tasks[0]!.task_id}`, { method: 'DELETE' });
      // A socket of an admin, following one finished task: one message (its snapshot), then closed by the client.
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      const { access_token } = (await login.json()) as { access_token: string };
      const socket = await openSocket(`${server.url.replace('http', 'ws')}/api/v1/ws/tasks/${tasks[0]!.task_id}?token=${access_token}`);
      await socket.inbox.next();
      await socket.close();
      // Wait for the server to see the close, not for a fixed time.
      for (let i = 0; ; i++) {
        text = await scrape();
        if (sampleSum(text, 'taskcast_ws_closed_total') === 1 || i > 1000) break;
        await new Promise((r) => setImmediate(r));
      }
    });
    afterAll(async () => {
      await server?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('answers 401 without the token, or with another one', async () => {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    });

    it.runIf(!promtool && process.env.CI === 'true')('promtool is installed (CI needs it: apt-get install prometheus)', () => {
      expect.fail('promtool is missing: install Debian\'s "prometheus" package (.ci/run does)');
    });

    it.runIf(promtool)('passes promtool check metrics, without a warning', async () => {
      const { code, output } = await promtoolCheck(text);
      expect(output).toBe('');
      expect(code).toBe(0);
    });

    it('exports every metric of the issue with its HELP and TYPE, and the process metrics', () => {
      for (const [name, type] of ISSUE_METRICS) {
        expect(text, name).toMatch(new RegExp(`^# HELP ${name} \\S.+$`, 'm'));
        expect(text, name).toMatch(new RegExp(`^# TYPE ${name} ${type}$`, 'm'));
      }
      expect(text).toMatch(/^process_cpu_seconds_total /m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(text).not.toMatch(/^nodejs_active_handles_total/m);
    });

    it('counts the tasks it ran, and their waits and runs', () => {
      expect(sample(text, 'taskcast_tasks_total', { task_type: 'metrics_noop', outcome: 'completed' })).toBe(5);
      expect(sample(text, 'taskcast_task_wait_seconds_count', { task_type: 'metrics_noop' })).toBe(5);
      expect(sample(text, 'taskcast_task_run_seconds_count', { task_type: 'metrics_noop', outcome: 'completed' })).toBe(5);
      expect(sample(text, 'taskcast_tasks', { task_type: 'metrics_noop', status: 'pending' })).toBe(0);
      expect(sample(text, 'taskcast_oldest_pending_seconds', { task_type: 'metrics_noop' })).toBe(0);
    });

    it('labels requests by route template, never by the raw path; unmatched ones as one value', () => {
      expect(sample(text, 'taskcast_http_requests_total', { route: '/api/v1/tasks', method: 'GET', status: '401' })).toBe(1);
      expect(sample(text, 'taskcast_http_requests_total', { route: '/api/v1/tasks/:task_id', method: 'GET', status: '401' })).toBe(1);
      expect(sample(text, 'taskcast_http_requests_total', { route: 'unmatched', method: 'DELETE', status: '404' })).toBe(1);
      expect(sampleSum(text, 'taskcast_http_request_seconds_count', { route: '/api/v1/tasks/:task_id' })).toBe(1);
      // No id, user name or raw path anywhere in a label.
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(text).not.toMatch(/admin|no\/such/);
    });

    it("counts the sync's requests to 1C by entity set and status, and the documents it created", () => {
      expect(sampleSum(text, 'taskcast_onec_requests_total', { status: '200' })).toBeGreaterThan(0);
      expect(sampleSum(text, 'taskcast_onec_requests_total')).toBe(sampleSum(text, 'taskcast_onec_request_seconds_count'));
      expect(text).toMatch(/^taskcast_onec_requests_total\{entity="Catalog_[^"]+",status="200"\} \d+$/m);
      expect(sample(text, 'taskcast_sync_documents_total', { sync: 'contractors', outcome: 'created' })).toBe(syncCreated);
      expect(sample(text, 'taskcast_tasks_total', { task_type: CONTRACTORS_SYNC_TYPE, outcome: 'completed' })).toBe(1);
    });

    it('counts the sockets: opened, the messages sent, closed by reason', () => {
      expect(sample(text, 'taskcast_ws_connections')).toBe(0);
      expect(sample(text, 'taskcast_ws_messages_sent_total')).toBeGreaterThanOrEqual(1);
      // The test client closes without a code (1005).
      expect(sample(text, 'taskcast_ws_closed_total', { reason: 'no_status' })).toBe(1);
    });
  });
});
