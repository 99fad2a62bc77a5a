/**
 * deploy/grafana/taskcast.json (issue 14): a provisionable dashboard whose every query names only metrics that
 * Taskcast exports — the names the issue fixes, and the names a real server's `/metrics` answers with.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startServer } from '../../src/server/index.js';
import { exportedMetricOf, metricNamesIn, TASKCAST_METRICS } from './dashboardMetrics.js';

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

const dashboard = JSON.parse(await readFile(new URL('../../deploy/grafana/taskcast.json', import.meta.url), 'utf8')) as {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; query?: string | { query: string } }[] };
};

/** Every query of the dashboard: its panels' (rows included) and its variables'. */
function queries(): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  const walk = (panels: Panel[]) => {
    for (const p of panels) {
      for (const t of p.targets ?? []) out.push({ where: p.title, expr: t.expr });
      walk(p.panels ?? []);
    }
  };
  walk(dashboard.panels);
  for (const v of dashboard.templating.list) {
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    if (q && /label_values|query_result/.test(q))
      out.push({ where: `variable ${v.name}`, expr: q.replace(/^label_values\((.*?),[^,]*\)$/, '$1') });
  }
  return out;
}

/** The metric names of `/metrics` on a real server with metrics on (its `# TYPE` lines). */
async function namesFromRealServer(): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'taskcast-metrics-'));
  const token = 'dashboard-test-token-0123456789';
  const server = await startServer(
    loadConfig({ TASKCAST_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TASKCAST_METRICS_TOKEN: token }),
    pino({ level: 'silent' }),
  );
  try {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    const names = [...text.matchAll(/^# TYPE (\S+) \S+$/gm)].map((m) => m[1]!);
    if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('text/plain') || names.length === 0) {
      throw new Error(
        `GET /metrics with TASKCAST_METRICS_TOKEN set answered ${res.status} ${res.headers.get('content-type')}, not Prometheus ` +
          "metrics: the endpoint of issue 14 is not there, so the dashboard's queries cannot be checked against what " +
          'Taskcast really exports',
      );
    }
    return names;
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('the Grafana dashboard', () => {
  it('is a provisionable dashboard with a stable uid, and every panel has a query', () => {
    expect(dashboard.uid).toBe('taskcast');
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(12);
    for (const p of panels) expect(p.targets?.length, p.title).toBeGreaterThan(0);
  });

  it('covers what issue 14 asks for', () => {
    const all = queries()
      .map((q) => q.expr)
      .join('\n');
    for (const name of TASKCAST_METRICS) expect(all, name).toContain(name);
    for (const q of [0.5, 0.95, 0.99])
      expect(all).toContain(`histogram_quantile(${q}, sum by (le, task_type) (rate(taskcast_task_wait_seconds_bucket`);
  });

  it('names only the metrics issue 14 fixes', () => {
    for (const { where, expr } of queries()) {
      const names = metricNamesIn(expr);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) expect(exportedMetricOf(name, TASKCAST_METRICS), `${where}: ${name}`).not.toBeNull();
    }
  });

  it("names only metrics a running server's /metrics exports", async () => {
    const exported = await namesFromRealServer();
    for (const { where, expr } of queries()) {
      for (const name of metricNamesIn(expr))
        expect(exportedMetricOf(name, exported), `${where}: ${name} is not in /metrics`).not.toBeNull();
    }
  });

  it('the name reader sees through PromQL', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, route) (rate(a_bucket{status=~"5.."}[$__rate_interval]))) / ignoring (x) b unless on (t) c',
      ),
    ).toEqual(['a_bucket', 'b', 'c']);
  });
});
