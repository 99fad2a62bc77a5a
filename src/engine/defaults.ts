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
  /**
   * Aging: a waiting task gains one priority level per this many ms, so with priorities −10…10 a task of the
   * lowest priority is claimed before any task of the highest that became due more than 20 × this later.
   */
  priorityAgingMs: 3_000,
  /** An enqueue with an idempotency key returns the earlier task while it is active or finished less than this ago, ms. */
  idempotencyWindowMs: 86_400_000,
  /** Bulk retry: tasks put back per second (their run_at is spread at this rate). */
  bulkRetryPerSecond: 20,
  /** Bulk retry: most tasks one request puts back. */
  bulkRetryLimit: 10_000,
  /** `ctx.log`: lines kept per task; the oldest go. */
  taskLogLines: 1_000,
  /** `ctx.log`: most bytes of one line (message and fields serialised); longer ones are cut with a marker. */
  taskLogLineBytes: 2_048,
  /** `ctx.log`: how long lines wait in memory before they are stored and sent to subscribers, ms. */
  taskLogFlushMs: 200,
} as const;
