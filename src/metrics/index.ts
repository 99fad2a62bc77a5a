/** Prometheus metrics of a Taskcast node (`GET /metrics`): the only public entry of src/metrics. */
export { TaskcastMetrics, type MetricsOptions } from './TaskcastMetrics.js';
export { METRICS_DEFAULTS, TASK_SECONDS_BUCKETS, REQUEST_SECONDS_BUCKETS } from './metricsDefaults.js';
export { METRICS_PATH } from './metricsRoute.js';
export { UNMATCHED_ROUTE } from './httpMetrics.js';
