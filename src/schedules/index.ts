/**
 * Scheduled tasks, the pure core (issue 12): cron expressions in IANA time zones with DST handled, missed-run
 * policies, Russian descriptions and ISO 8601 times with offsets. No clock, no store, no timers: the scheduler
 * service built on it passes the times in. Design: docs/schedules.md.
 */
export {
  DEFAULT_MIN_PERIOD_MS,
  DEFAULT_TIMEZONE,
  MAX_RUNS_PER_CALL,
  nextRun,
  nextRuns,
  parseSchedule,
  runsBetween,
  type ParseScheduleOptions,
  type Schedule,
  type ScheduleInput,
} from './cron.js';
export { describe } from './describe.js';
export { CronTooFrequentError, InvalidCronError, ScheduleInputError, UnknownTimeZoneError } from './errors.js';
export { missedRuns } from './missedRuns.js';
export {
  RELATIVE_PERIODS,
  hasRelativePeriod,
  payloadAt,
  resolveRelativePeriod,
  scheduledTaskKey,
  scheduledTaskMetadata,
  type DatePeriod,
  type RelativePeriod,
} from './scheduledTask.js';
export { canonicalTimeZone, formatWithOffset, localDay } from './timeZone.js';
export { planFire, type FirePlanContext } from './planFire.js';
// The storage port the stores implement (src/store reaches it through port.ts; tests and the scheduler through here).
export type * from './port.js';
