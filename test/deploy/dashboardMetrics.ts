/**
 * The metric names a PromQL expression of the Grafana dashboard or the alert rules reads, and the names issue 14
 * fixes for `/metrics`. Enough of PromQL for our own files: strings, label matchers, ranges, `by (…)` lists,
 * function calls and keywords are removed; what is left are metric names.
 */

/** The metrics `/metrics` exports (issue 14), the only ones the dashboard and the alerts may name. */
export const TASKCAST_METRICS = [
  'taskcast_tasks_total',
  'taskcast_tasks',
  'taskcast_task_wait_seconds',
  'taskcast_task_run_seconds',
  'taskcast_oldest_pending_seconds',
  'taskcast_ws_connections',
  'taskcast_ws_messages_sent_total',
  'taskcast_ws_closed_total',
  'taskcast_http_requests_total',
  'taskcast_http_request_seconds',
  'taskcast_onec_requests_total',
  'taskcast_onec_request_seconds',
  'taskcast_sync_documents_total',
] as const;

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset']);

/** The metric names in `expr` (a histogram's `_bucket`, `_sum`, `_count` series kept as written). */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/#[^\n]*/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names = new Set<string>();
  for (const m of bare.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?/g)) {
    if (m[2] || KEYWORDS.has(m[1]!) || /^\d/.test(m[1]!)) continue;
    names.add(m[1]!);
  }
  return [...names];
}

/** The exported metric a series name belongs to (`x_bucket` → `x` for a histogram), or null when it is none of `exported`. */
export function exportedMetricOf(series: string, exported: readonly string[]): string | null {
  if (exported.includes(series)) return series;
  const base = series.replace(/_(bucket|sum|count)$/, '');
  return base !== series && exported.includes(base) ? base : null;
}
