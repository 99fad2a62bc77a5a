/** How an attempt this node ran ended, as the metrics count it: `retried` is a failure to be tried again. */
export type TaskOutcome = 'completed' | 'failed' | 'cancelled' | 'retried';

/**
 * Told of each task this node starts and of each attempt it ends (src/metrics counts them; the engine knows
 * nothing of Prometheus). Called on the runner's hot path, once per start and once per end, so an implementation
 * must be cheap — a counter increment and a histogram observe, no allocation — and must not throw. A task handed
 * back at shutdown, or one whose final write was refused (the lease lost), is not reported as ended. Ends the
 * engine writes outside a run are reported too: a caller-driven task's complete/fail, a pending (or claimed, not
 * started) task cancelled before it ran, a task the abandoned-task reaper failed or requeued — those with a null
 * run time when there is none to tell (never ran, or its runner is gone).
 */
export interface TaskObserver {
  /** A task started on this node, after waiting `waitMs` since it was due (its creation, or its run_at). */
  taskStarted(taskType: string, waitMs: number): void;
  /**
   * An attempt ended with `outcome`, `runMs` after it started (null: it never ran, or its run time is unknown —
   * counted, not timed).
   */
  taskEnded(taskType: string, outcome: TaskOutcome, runMs: number | null): void;
}
