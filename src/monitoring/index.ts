/**
 * Monitoring without Prometheus (issue 14): per-minute figures of the tasks rolled up into the database by every
 * node (each minute once), kept for a retention, and served by GET /api/v1/metrics/summary. Its storage port is
 * port.ts (src/store implements it).
 */
export { monitoringFeature, type MonitoringFeatureDeps } from './monitoringFeature.js';
export { MinuteRollup } from './MinuteRollup.js';
export { metricsSummary, type SummaryRange } from './metricsSummary.js';
export { MONITORING_DEFAULTS, MINUTE_MS, type MonitoringSettings } from './defaults.js';
export { bucketOf, quantileMs, addBuckets, type Buckets } from './minuteBuckets.js';
export { foldFigures } from './foldFigures.js';
export type { TaskMinuteStore, TaskMinute, FigureRow, FigureKind, QueueCount } from './port.js';
export { metricsSummaryRoutes } from './routes/metricsSummaryRoutes.js';
