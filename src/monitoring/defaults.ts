/** Settings of the per-minute roll-up (issue 14); the server reads them from TASKCAST_METRICS_* (src/config). */
export interface MonitoringSettings {
  /** Days the per-minute figures are kept. */
  retentionDays: number;
  /** How often each node looks whether a minute is to be rolled up, ms (a read of one row when there is none). */
  intervalMs: number;
  /**
   * How long after its end a minute is rolled up, ms: completions stamped by a transaction that began in the
   * minute but committed later still count in it.
   */
  closeAfterMs: number;
}

/** The defaults: 90 days, a look every 15 s, a minute rolled up 60 s after its end. */
export const MONITORING_DEFAULTS: MonitoringSettings = { retentionDays: 90, intervalMs: 15_000, closeAfterMs: 60_000 };

/** One minute, ms. */
export const MINUTE_MS = 60_000;
