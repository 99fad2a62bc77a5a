/** The defaults and fixed shapes of /metrics, in one place. */
export const METRICS_DEFAULTS = {
  /** The cluster gauges (`taskcast_tasks`, `taskcast_oldest_pending_seconds`) are read from the database at most this often, ms. */
  gaugeIntervalMs: 5_000,
} as const;

/** Buckets of task wait and run times, s: 5 ms to 1 h (a task may wait or run that long). */
export const TASK_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] as const;

/** Buckets of HTTP and 1C request times, s: 5 ms to 2 min (the 1C client's own timeout is shorter). */
export const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;

/**
 * Most distinct values one label takes (task types, routes, 1C entities, syncs): a value past it is counted as
 * `other`, so a bug that names labels after ids cannot grow the output without end.
 */
export const MAX_LABEL_VALUES = 500;
