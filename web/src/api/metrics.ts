/**
 * The metrics summary (issue 14, docs/api.md «Metrics summary»): the per-minute figures of the tasks over a range,
 * folded into steps, and each task type's totals and queue now; behind the «Мониторинг» page. Admins only (403 for
 * the others).
 */
import type { SessionUser } from './client';
import { request } from './client';

import type { MetricsSummary } from '../../../src/wire/index.js';

// The wire shapes are defined once, in src/wire, and shared with the server.
export { METRICS_MAX_POINTS } from '../../../src/wire/index.js';
export type { MetricsByType, MetricsPoint, MetricsSummary } from '../../../src/wire/index.js';

/** Only admins see the monitoring (the menu item, the page and the endpoint). */
export function canSeeMonitoring(role: SessionUser['role'] | undefined): boolean {
  return role === 'admin';
}

/** The figures from `from` (rounded down to the step) to `to` (exclusive) in points of `step` seconds (a multiple of 60). */
export function getMetricsSummary(from: Date, to: Date, step: number): Promise<MetricsSummary> {
  return request<MetricsSummary>('GET', '/api/v1/metrics/summary', {
    query: { from: from.toISOString(), to: to.toISOString(), step },
  });
}
