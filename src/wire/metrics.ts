/** GET /api/v1/metrics/summary (issue 14; docs/api.md): the per-minute figures of the tasks over a range. */

/** One point of the series: the `step` seconds starting at `at`, every task type together. */
export interface MetricsPoint {
  /** ISO 8601 start of the step. */
  at: string;
  completed: number;
  failed: number;
  cancelled: number;
  /** Attempts that failed (or were lost or handed back) and went back to the queue. */
  retried: number;
  /** Time from due (enqueue, run_at, a retry's due time) to the start of the last attempt, ms; null without tasks. */
  wait_p50_ms: number | null;
  wait_p95_ms: number | null;
  wait_p99_ms: number | null;
  /** Time from the last attempt's start to the end, ms; null without tasks. */
  run_p50_ms: number | null;
  run_p95_ms: number | null;
  run_p99_ms: number | null;
  /** Pending and running tasks sampled in the step (the highest sample); null when no minute of it was sampled. */
  pending: number | null;
  running: number | null;
}

/** One task type over the whole range, and its queue now. */
export interface MetricsByType {
  task_type: string;
  /** Now. */
  pending: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  retried: number;
  wait_p95_ms: number | null;
  run_p95_ms: number | null;
}

/** The answer of GET /api/v1/metrics/summary. */
export interface MetricsSummary {
  /** ISO 8601, `from` rounded down to the step. */
  from: string;
  /** ISO 8601, exclusive. */
  to: string;
  /** Seconds per point (a multiple of 60). */
  step: number;
  series: MetricsPoint[];
  by_type: MetricsByType[];
}

/** The most points one summary may have. */
export const METRICS_MAX_POINTS = 1500;
