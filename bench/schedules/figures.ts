/** What the schedules' idle-cost benchmark's node measures and reports (idleNode.ts → main.ts). */

/** The task type of the benchmark's schedules: returns at once. */
export const BENCH_NOOP = 'bench_schedule_noop';

/** One node's window. */
export interface NodeFigures {
  /** The node was ready only after the window should have begun (the run is then not used). */
  startedLate: boolean;
  /** The window, ms. */
  wallMs: number;
  /** CPU time in the window, ms. */
  userMs: number;
  systemMs: number;
  /** (user + system) / wall, % of one core. */
  cpuPercent: number;
  /** Tasks of schedules that ended during the window (the firing variant's ticks). */
  scheduledTasksCompleted: number;
  rssMiB: number;
}
