/** Schedules rows as node-postgres returns them, and the parameters of a new one. */
import type { NewSchedule, ScheduleRow } from '../../schedules/port.js';

/**
 * A schedules row joined with its last task's status, as node-postgres returns it: timestamptz as ISO 8601 UTC
 * text and int8 as a number (pgTypes.ts), jsonb parsed — already a {@link ScheduleRow} but for extra columns.
 */
export type RawSchedule = ScheduleRow & Record<string, unknown>;

/** The port's record of a row: its columns only (a statement's extra ones, such as db_now, left out). */
export function toScheduleRow(r: RawSchedule): ScheduleRow {
  return {
    id: r.id,
    name: r.name,
    task_type: r.task_type,
    payload: r.payload,
    cron: r.cron,
    timezone: r.timezone,
    enabled: r.enabled,
    missed: r.missed,
    missed_cap: r.missed_cap,
    overlap: r.overlap,
    next_run_at: r.next_run_at,
    last_run_at: r.last_run_at,
    last_task_id: r.last_task_id,
    last_task_status: r.last_task_status,
    queued_for: r.queued_for,
    last_error: r.last_error,
    skipped_count: r.skipped_count,
    created_by: r.created_by,
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  };
}

/** The parameters $1…$12 of insertSchedule.sql. */
export function insertScheduleValues(s: NewSchedule): unknown[] {
  return [
    s.id,
    s.name,
    s.task_type,
    JSON.stringify(s.payload ?? null),
    s.cron,
    s.timezone,
    s.enabled,
    s.missed,
    s.missed_cap,
    s.overlap,
    s.next_run_at,
    s.created_by,
  ];
}
