/**
 * Issue 14, in the app without Prometheus, on SQLite and PostgreSQL: tasks that ran show at once in
 * GET /api/v1/metrics/summary (the minutes not rolled up yet are computed from the tasks table); a roll-up pass
 * writes the same figures into task_minutes once however many nodes run it; the route is for admins and names a
 * wrong parameter.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEngine } from '../../src/engine/index.js';
import { MinuteRollup, metricsSummaryRoutes, MONITORING_DEFAULTS, type TaskMinuteStore } from '../../src/monitoring/index.js';
import { openTaskMinuteStore, type Storage } from '../../src/store/index.js';
import type { MetricsSummary } from '../../src/wire/index.js';
import { api } from '../support/http.js';
import { openTestPostgres, shouldRunPostgres } from '../support/postgres.js';
import { openTestSqlite } from '../support/sqlite.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { waitForFinal } from '../support/wait.js';

const backends: [string, () => Promise<Storage & { drop(): Promise<void> }>][] = [['SQLite', () => openTestSqlite()]];
if (await shouldRunPostgres()) backends.push(['PostgreSQL', () => openTestPostgres()]);

/** Runs 3 tasks that complete and 1 that fails twice (one retried attempt). */
async function runSomeTasks(engine: TaskEngine): Promise<void> {
  const ids = [
    ...(await Promise.all([1, 2, 3].map(() => engine.enqueue('mon-ok')))),
    await engine.enqueue('mon-bad', { max_attempts: 2, backoff: { base_ms: 1, max_ms: 1, jitter: 'none' } }),
  ].map((t) => t.task_id);
  for (const id of ids) await waitForFinal(engine, id);
}

const totals = (s: MetricsSummary) =>
  s.series.reduce((a, p) => ({ completed: a.completed + p.completed, failed: a.failed + p.failed, retried: a.retried + p.retried }), {
    completed: 0,
    failed: 0,
    retried: 0,
  });

describe.each(backends)('per-minute task figures on %s', (_name, open) => {
  let storage: Storage & { drop(): Promise<void> };
  let store: TaskMinuteStore;
  let server: TestServer;
  const range = () => {
    const to = new Date(Date.now() + 120_000).toISOString();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    return `/api/v1/metrics/summary?from=${from}&to=${to}&step=60`;
  };

  beforeAll(async () => {
    storage = await open();
    store = openTaskMinuteStore(storage);
    server = await startTestServer({
      storage,
      plugins: [(app) => metricsSummaryRoutes(app, { store })],
      setup(engine) {
        engine.defineTaskType({ type: 'mon-ok', handler: async () => ({ ok: true }) });
        engine.defineTaskType({
          type: 'mon-bad',
          handler: async () => {
            throw new Error('always fails');
          },
        });
      },
    });
    await runSomeTasks(server.engine);
  });
  afterAll(async () => {
    await server?.close();
    await storage?.drop();
  });

  it('shows finished tasks at once, before any roll-up', async () => {
    const res = await api(server, server.admin.token).get<MetricsSummary>(range());
    expect(res.status).toBe(200);
    expect(totals(res.body)).toEqual({ completed: 3, failed: 1, retried: 1 });
    const point = res.body.series.find((p) => p.completed > 0)!;
    expect(point.run_p50_ms).not.toBeNull();
    expect(point.wait_p99_ms).not.toBeNull();
    expect(res.body.by_type.map((t) => [t.task_type, t.completed, t.failed, t.retried])).toEqual([
      ['mon-bad', 0, 1, 1],
      ['mon-ok', 3, 0, 0],
    ]);
    expect(res.body.series.length).toBeGreaterThanOrEqual(62);
    expect(res.body.series.length).toBeLessThanOrEqual(63);
    expect(res.body.step).toBe(60);
  });

  it('rolls each minute up once on any number of nodes, and serves the stored figures alike', async () => {
    // Minutes close at once (closeAfterMs −1 min: the current minute counts as closed), on two "nodes".
    const settings = { ...MONITORING_DEFAULTS, closeAfterMs: -60_000 };
    const nodes = [
      new MinuteRollup(store, settings, pino({ level: 'silent' })),
      new MinuteRollup(store, settings, pino({ level: 'silent' })),
    ];
    const done = await Promise.all(nodes.map((n) => n.pass()));
    expect(done.filter((n) => n > 0)).toHaveLength(1);
    expect(await nodes[0]!.pass()).toBe(0);
    const { doneUntil } = await store.taskMinutesState();
    const rows = await store.listTaskMinutes(0, doneUntil!);
    expect(rows.reduce((s, r) => s + r.completed, 0)).toBe(3);
    expect(rows.reduce((s, r) => s + r.retried, 0)).toBe(1);
    // The newest minute carries the queue sample (nothing waiting now).
    expect(rows.at(-1)!.pending).toBe(0);
    const res = await api(server, server.admin.token).get<MetricsSummary>(range());
    expect(totals(res.body)).toEqual({ completed: 3, failed: 1, retried: 1 });
    expect(await store.deleteTaskMinutesBefore(doneUntil!)).toBe(rows.length);
  });

  it('is for admins only', async () => {
    expect((await api(server, server.manager.token).get(range())).status).toBe(403);
    expect((await api(server, server.user.token).get(range())).status).toBe(403);
  });

  it('names a wrong parameter', async () => {
    const get = (q: string) => api(server, server.admin.token).get<{ error: { message: string } }>(`/api/v1/metrics/summary?${q}`);
    const now = new Date().toISOString();
    const cases: [string, string][] = [
      [`to=${now}`, 'query.from'],
      [`from=yesterday&to=${now}`, 'query.from'],
      [`from=${now}&to=${now}&step=90`, 'query.step'],
      [`from=${now}&to=${now}&step=abc`, 'query.step'],
      [`from=${now}&to=2020-01-01T00:00:00Z`, 'query.to'],
      [`from=2000-01-01T00:00:00Z&to=${now}&step=60`, 'query.step'],
    ];
    for (const [q, field] of cases) {
      const res = await get(q);
      expect(res.status, q).toBe(400);
      expect(res.text, q).toContain(field);
    }
  });
});
