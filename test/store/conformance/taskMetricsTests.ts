/**
 * Task store conformance: the figures of /metrics (issue 14). The task counters and histograms count exactly what
 * this node's runner did; the cluster gauges, read from the database, are the same on every node, and count only
 * due tasks as waiting.
 */
import { expect, it } from 'vitest';
import { NonRetryableError } from '../../../src/engine/index.js';
import { TaskcastMetrics } from '../../../src/metrics/index.js';
import type { Storage } from '../../../src/store/index.js';
import { sample, sampleSum } from '../../support/metricsText.js';
import { waitForFinal } from '../../support/wait.js';
import { newTaskFixture } from './newTaskFixture.js';
import type { TaskSuite } from './taskSuite.js';

const TOKEN = 'metrics-token-for-tests';

/** A node's metrics reading `s` (the cluster gauges read at every scrape). */
function nodeMetrics(s: Storage): TaskcastMetrics {
  const metrics = new TaskcastMetrics({ token: TOKEN, gaugeIntervalMs: 100 });
  metrics.watchStore(s.tasks);
  return metrics;
}

/** Registers the metrics tests. */
export function taskMetricsTests(suite: TaskSuite): void {
  const { newEngine, storage } = suite;

  it('counts what ran: 100 completed, 3 failed, 2 retried then completed — counters and histogram counts alike', async () => {
    const metrics = nodeMetrics(storage());
    const engine = newEngine(storage(), 8, { observer: metrics.tasks });
    const failedOnce = new Set<string>();
    engine.defineTaskType({ type: 'm_ok', handler: () => null });
    engine.defineTaskType({
      type: 'm_bad',
      handler() {
        throw new NonRetryableError('no');
      },
    });
    engine.defineTaskType({
      type: 'm_flaky',
      maxAttempts: 2,
      backoff: { base_ms: 10, jitter: 'none' },
      handler(ctx) {
        if (failedOnce.has(ctx.taskId)) return null;
        failedOnce.add(ctx.taskId);
        throw new Error('once');
      },
    });
    await engine.start();
    const tasks = [
      ...(await engine.enqueueMany(
        'm_ok',
        Array.from({ length: 100 }, () => ({})),
      )),
      ...(await engine.enqueueMany('m_bad', [{}, {}, {}])),
      ...(await engine.enqueueMany('m_flaky', [{}, {}])),
    ];
    for (const t of tasks) await waitForFinal(engine, t.task_id);
    const text = await metrics.text();
    const total = (task_type: string, outcome: string) => sample(text, 'taskcast_tasks_total', { task_type, outcome });
    expect([total('m_ok', 'completed'), total('m_ok', 'failed'), total('m_ok', 'retried')]).toEqual([100, 0, 0]);
    expect([total('m_bad', 'failed'), total('m_bad', 'completed')]).toEqual([3, 0]);
    expect([total('m_flaky', 'retried'), total('m_flaky', 'completed'), total('m_flaky', 'failed')]).toEqual([2, 2, 0]);
    const runs = (task_type: string, outcome: string) => sample(text, 'taskcast_task_run_seconds_count', { task_type, outcome });
    expect([runs('m_ok', 'completed'), runs('m_bad', 'failed'), runs('m_flaky', 'retried'), runs('m_flaky', 'completed')]).toEqual([
      100, 3, 2, 2,
    ]);
    expect(sample(text, 'taskcast_task_run_seconds_bucket', { task_type: 'm_ok', outcome: 'completed', le: '+Inf' })).toBe(100);
    // One start per attempt: the flaky ones started twice.
    const waits = (task_type: string) => sample(text, 'taskcast_task_wait_seconds_count', { task_type });
    expect([waits('m_ok'), waits('m_bad'), waits('m_flaky')]).toEqual([100, 3, 4]);
    // Nothing is left: every type this node saw shows 0 pending and 0 running.
    expect(sampleSum(text, 'taskcast_tasks', { status: 'pending' })).toBe(0);
    expect(sampleSum(text, 'taskcast_tasks', { status: 'running' })).toBe(0);
  });

  it('the cluster gauges agree on two nodes: pending and running by type, the oldest due pending one, delayed ones not waiting', async () => {
    // Two nodes: two connections to one database, as two processes have (the harness closes both).
    const first = storage();
    const second = await suite.harness().open();
    await first.tasks.insertTasks([newTaskFixture('g_a'), newTaskFixture('g_a'), newTaskFixture('g_b')]);
    await first.tasks.insertTasks([newTaskFixture('g_a', { run_at: new Date(Date.now() + 3_600_000).toISOString() })]);
    const [claimed] = await second.tasks.claimTasks({ types: ['g_b'], limit: 1, leaseOwner: 'other-node', leaseMs: 30_000 });
    expect(claimed).toBeDefined();
    await second.tasks.insertTasks([newTaskFixture('g_b')]);
    const [one, two] = [nodeMetrics(first), nodeMetrics(second)];
    const [a, b] = [await one.text(), await two.text()];
    for (const text of [a, b]) {
      expect(sample(text, 'taskcast_tasks', { task_type: 'g_a', status: 'pending' })).toBe(3);
      expect(sample(text, 'taskcast_tasks', { task_type: 'g_b', status: 'pending' })).toBe(1);
      expect(sample(text, 'taskcast_tasks', { task_type: 'g_b', status: 'running' })).toBe(1);
      expect(sample(text, 'taskcast_tasks', { task_type: 'g_a', status: 'running' })).toBeUndefined();
      // The delayed one does not count as waiting; the two due ones have waited a little, not an hour.
      const oldest = sample(text, 'taskcast_oldest_pending_seconds', { task_type: 'g_a' })!;
      expect(oldest).toBeGreaterThanOrEqual(0);
      expect(oldest).toBeLessThan(60);
    }
    const gauges = (text: string) => text.split('\n').filter((l) => l.startsWith('taskcast_tasks{'));
    expect(gauges(a).sort()).toEqual(gauges(b).sort());
  });
}
