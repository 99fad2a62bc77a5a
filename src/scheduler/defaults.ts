/** The scheduler's settings and their defaults, in one place (src/config maps the environment variables onto them). */
export interface SchedulerSettings {
  /** Whether this node evaluates schedules (every node may: each tick still fires once). */
  enabled: boolean;
  /** How late the newest due tick may be and still run as on time (a restart, a busy node), ms; older ticks are missed. */
  graceMs: number;
  /** The longest a node sleeps between two looks at the schedules, whatever its timer says, ms. */
  backstopMs: number;
  /** The shortest period a schedule may run at, ms (6-field expressions: seconds). */
  minPeriodMs: number;
  /** Most missed ticks one catch-up of a `missed: 'all'` schedule may create (the highest `missed_cap`). */
  maxMissedCap: number;
}

export const SCHEDULER_DEFAULTS: SchedulerSettings = {
  enabled: true,
  graceMs: 60_000,
  backstopMs: 60_000,
  minPeriodMs: 1_000,
  maxMissedCap: 100,
};

/** `missed_cap` when a schedule leaves it out. */
export const DEFAULT_MISSED_CAP = 10;

/** Due schedules one transaction-per-schedule pass takes from the store at a time. */
export const PASS_BATCH = 100;
