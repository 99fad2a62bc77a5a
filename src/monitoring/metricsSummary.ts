import type { MetricsByType, MetricsPoint, MetricsSummary } from '../wire/index.js';
import { foldFigures } from './foldFigures.js';
import { addBuckets, type Buckets, quantileMs } from './minuteBuckets.js';
import type { TaskMinute, TaskMinuteStore } from './port.js';

/** What a summary asks for: [from, to) in ms, from rounded down to the step, `stepS` seconds per point. */
export interface SummaryRange {
  from: number;
  to: number;
  stepS: number;
}

interface Sum {
  completed: number;
  failed: number;
  cancelled: number;
  retried: number;
  wait: Buckets;
  run: Buckets;
  pending: number | null;
  running: number | null;
}

const emptySum = (): Sum => ({ completed: 0, failed: 0, cancelled: 0, retried: 0, wait: {}, run: {}, pending: null, running: null });

function add(sum: Sum, row: TaskMinute): void {
  sum.completed += row.completed;
  sum.failed += row.failed;
  sum.cancelled += row.cancelled;
  sum.retried += row.retried;
  addBuckets(sum.wait, row.wait_buckets);
  addBuckets(sum.run, row.run_buckets);
}

/**
 * The summary of [from, to): the stored minutes, and the minutes not rolled up yet (the last one or two, or more
 * while no node rolls up) computed from the tasks table on the spot, so finished tasks show at once. Pending and
 * running per point: per minute the types' samples add up, and a point shows its highest minute.
 */
export async function metricsSummary(store: TaskMinuteStore, range: SummaryRange): Promise<MetricsSummary> {
  const { from, to, stepS } = range;
  const stepMs = stepS * 1000;
  const { doneUntil } = await store.taskMinutesState();
  const storedUntil = Math.min(to, Math.max(from, doneUntil ?? from));
  const [stored, live, counts] = await Promise.all([
    storedUntil > from ? store.listTaskMinutes(from, storedUntil) : [],
    storedUntil < to ? store.computeTaskFigures(storedUntil, to).then((f) => foldFigures(f)) : [],
    store.queueCounts(),
  ]);
  const points = Array.from({ length: Math.ceil((to - from) / stepMs) }, emptySum);
  const types = new Map<string, Sum>();
  const queuePerMinute = new Map<number, { pending: number; running: number }>();
  for (const row of [...stored, ...live]) {
    const point = points[Math.floor((row.minute - from) / stepMs)];
    if (!point) continue;
    add(point, row);
    let t = types.get(row.task_type);
    if (!t) types.set(row.task_type, (t = emptySum()));
    add(t, row);
    if (row.pending !== null && row.running !== null) {
      const q = queuePerMinute.get(row.minute) ?? { pending: 0, running: 0 };
      q.pending += row.pending;
      q.running += row.running;
      queuePerMinute.set(row.minute, q);
    }
  }
  for (const [minute, q] of queuePerMinute) {
    const point = points[Math.floor((minute - from) / stepMs)]!;
    point.pending = Math.max(point.pending ?? 0, q.pending);
    point.running = Math.max(point.running ?? 0, q.running);
  }
  const series: MetricsPoint[] = points.map((p, i) => ({
    at: new Date(from + i * stepMs).toISOString(),
    completed: p.completed,
    failed: p.failed,
    cancelled: p.cancelled,
    retried: p.retried,
    wait_p50_ms: quantileMs(p.wait, 0.5),
    wait_p95_ms: quantileMs(p.wait, 0.95),
    wait_p99_ms: quantileMs(p.wait, 0.99),
    run_p50_ms: quantileMs(p.run, 0.5),
    run_p95_ms: quantileMs(p.run, 0.95),
    run_p99_ms: quantileMs(p.run, 0.99),
    pending: p.pending,
    running: p.running,
  }));
  for (const c of counts) if (!types.has(c.task_type)) types.set(c.task_type, emptySum());
  const by_type: MetricsByType[] = [...types.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([task_type, t]) => {
      const now = counts.find((c) => c.task_type === task_type);
      return {
        task_type,
        pending: Number(now?.pending ?? 0),
        running: Number(now?.running ?? 0),
        completed: t.completed,
        failed: t.failed,
        cancelled: t.cancelled,
        retried: t.retried,
        wait_p95_ms: quantileMs(t.wait, 0.95),
        run_p95_ms: quantileMs(t.run, 0.95),
      };
    });
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), step: stepS, series, by_type };
}
