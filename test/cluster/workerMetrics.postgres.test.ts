/**
 * A worker process serves its own `/metrics` when TASKCAST_METRICS_PORT is set (issue 14): real processes on a
 * fresh PostgreSQL database — a serve node that runs no task, a worker that runs the bank sync started through the
 * serve node's API — and the worker's listener scraped over HTTP: 401 without the bearer token, then the task it
 * ran and its requests to 1C counted. Without the token the worker refuses to start, naming the variable.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Cluster } from './cluster.js';
import { follow, startBankSync, untilFinal } from './clusterClient.js';
import { killAllChildren, NodeProcess } from './processes.js';
import { sample, sampleSum } from '../support/metricsText.js';
import { shouldRunPostgres } from '../support/postgres.js';

const TOKEN = 'worker-metrics-test-token';

describe.runIf(await shouldRunPostgres())("a worker's /metrics (TASKCAST_METRICS_PORT)", () => {
  let cluster: Cluster;
  let metricsUrl: string;

  beforeAll(async () => {
    cluster = await Cluster.create({
      bus: 'postgres',
      simulatorEnv: { ONEC_SIM_DOCUMENTS: '200', ONEC_SIM_CONTRACTORS: '20', ONEC_SIM_FROM: '2025-01-01', ONEC_SIM_TO: '2025-06-30' },
    });
    await cluster.serve('A');
    const worker = await cluster.worker('1', { TASKCAST_METRICS_TOKEN: TOKEN, TASKCAST_METRICS_PORT: '0' });
    const [, url] = await worker.process.waitForOutput(/Taskcast worker metrics: (http:\/\/\S+)/);
    metricsUrl = url!;
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
    await killAllChildren();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.error(`cluster processes' output:\n${cluster.output()}`));
  });

  it('answers 401 without the token', async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('counts the task the worker ran and its requests to 1C', async () => {
    const serve = cluster.serveNode('A');
    const token = await cluster.login(serve);
    const taskId = await startBankSync(serve, token);
    const socket = await follow(serve, token, taskId);
    const updates = await untilFinal(socket);
    await socket.close();
    const final = updates.at(-1)!;
    expect(final.status).toBe('completed');

    const res = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sample(text, 'taskcast_tasks_total', { task_type: final.task_type, outcome: 'completed' })).toBe(1);
    expect(sample(text, 'taskcast_task_run_seconds_count', { task_type: final.task_type, outcome: 'completed' })).toBe(1);
    expect(sampleSum(text, 'taskcast_onec_requests_total', { status: '200' })).toBeGreaterThan(0);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
  }, 120_000);

  it('refuses to start with TASKCAST_METRICS_PORT but no token, naming the variable', async () => {
    const proc = new NodeProcess('worker-no-token', 'src/cli/worker.ts', {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: cluster.db.url,
      TASKCAST_METRICS_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const exit = await proc.exited;
    expect(exit.code).toBe(2);
    expect(proc.output()).toContain('TASKCAST_METRICS_PORT: the worker');
  }, 60_000);
});
