/**
 * The engine's defaults, in one place: TaskEngine falls back on them, and src/config uses them as the defaults
 * of the environment variables behind them (TASKCAST_CONCURRENCY and the rest), so an embedded engine and the
 * server start the same way.
 */
export const ENGINE_DEFAULTS = {
  /** Tasks run at once by one process's runner. */
  concurrency: 4,
  /** Minimum interval between two progress writes of one task, ms. */
  progressIntervalMs: 100,
  /** How long a claimed task stays leased without a heartbeat, ms. */
  leaseMs: 30_000,
  /** Heartbeat interval (lease renewal, remote cancellation, reaping), ms. */
  heartbeatMs: 5_000,
  /** Most tasks the runner claims ahead of free slots. */
  maxPrefetch: 500,
  /** How often the retention sweep runs, ms. */
  retentionSweepMs: 3_600_000,
  /** How long `ctx.retryDatabase` keeps retrying while the database is unreachable or locked, ms. */
  databaseRetryMs: 60_000,
} as const;
