/**
 * Named errors of schedule validation. They carry the engine's `VALIDATION_FAILED` code (400 at the HTTP edge,
 * already in the error registry) and the field at fault, so an API answers "400 naming the field" by rethrowing.
 */
import { TaskcastError } from '../engine/index.js';

/** Base class: a schedule's input is wrong; `field` names it (`cron` or `timezone`). */
export class ScheduleInputError extends TaskcastError {
  constructor(
    /** The field that is wrong: `cron` or `timezone`. */
    readonly field: 'cron' | 'timezone',
    message: string,
  ) {
    super('VALIDATION_FAILED', `${field}: ${message}`);
  }
}

/** The cron expression does not parse (wrong field count, value out of range, unsupported syntax). */
export class InvalidCronError extends ScheduleInputError {
  constructor(
    /** The expression as given. */
    readonly cron: string,
    reason: string,
  ) {
    super('cron', reason);
  }
}

/** The expression fires more often than the allowed minimum period. */
export class CronTooFrequentError extends ScheduleInputError {
  constructor(
    /** The expression as given. */
    readonly cron: string,
    /** The shortest gap seen between two of its runs, ms. */
    readonly periodMs: number,
    /** The shortest period allowed, ms. */
    readonly minPeriodMs: number,
  ) {
    super('cron', `runs every ${periodMs} ms, more often than once per ${minPeriodMs} ms`);
  }
}

/** The time zone is not an IANA zone name this runtime knows. */
export class UnknownTimeZoneError extends ScheduleInputError {
  constructor(
    /** The zone as given. */
    readonly timezone: string,
  ) {
    super('timezone', `unknown IANA time zone "${timezone}"`);
  }
}
