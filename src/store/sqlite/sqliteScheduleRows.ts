/** The SQLite schedule store's rows and parameters: times as epoch ms, payload as JSON text, booleans as 0/1. */
import type { Json } from '../../engine/index.js';
import type { NewSchedule, ScheduleRow, SchedulePatch } from '../../schedules/port.js';

/** A schedules row as SQLite returns it, with its last task's status (read with it). */
export interface RawSchedule extends Omit<
  ScheduleRow,
  'payload' | 'enabled' | 'next_run_at' | 'last_run_at' | 'queued_for' | 'created_at' | 'updated_at'
> {
  payload: string;
  enabled: number;
  next_run_at: number | null;
  last_run_at: number | null;
  queued_for: number | null;
  created_at: number;
  updated_at: number;
}

/** lockDue.sql's row: the schedule and the database's now. */
export type LockedRaw = RawSchedule & { db_now: number };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A time column's value: the ms of an ISO 8601 time (any offset), or NULL; a time that does not parse is refused. */
export function toMs(time: string | null): number | null {
  if (time === null) return null;
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new TypeError(`Not an ISO 8601 time: ${time}`);
  return ms;
}

/** Converts a SQLite row to the port's schedule. */
export function toScheduleRow(r: RawSchedule): ScheduleRow {
  return {
    id: r.id,
    name: r.name,
    task_type: r.task_type,
    payload: JSON.parse(r.payload) as Json,
    cron: r.cron,
    timezone: r.timezone,
    enabled: r.enabled === 1,
    missed: r.missed,
    missed_cap: r.missed_cap,
    overlap: r.overlap,
    next_run_at: iso(r.next_run_at),
    last_run_at: iso(r.last_run_at),
    last_task_id: r.last_task_id,
    last_task_status: r.last_task_status,
    queued_for: iso(r.queued_for),
    last_error: r.last_error,
    skipped_count: r.skipped_count,
    created_by: r.created_by,
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
    version: r.version,
  };
}

/** The parameters of insertSchedule.sql. */
export function insertScheduleParams(s: NewSchedule) {
  return {
    id: s.id,
    name: s.name,
    task_type: s.task_type,
    payload: JSON.stringify(s.payload),
    cron: s.cron,
    timezone: s.timezone,
    enabled: s.enabled ? 1 : 0,
    missed: s.missed,
    missed_cap: s.missed_cap,
    overlap: s.overlap,
    next_run_at: toMs(s.next_run_at),
    created_by: s.created_by,
  };
}

/** The columns an edit may write (updateSchedule.sql has a @set_<column> and a @<column> for each). */
const PATCHED = [
  'name',
  'task_type',
  'payload',
  'cron',
  'timezone',
  'enabled',
  'missed',
  'missed_cap',
  'overlap',
  'next_run_at',
  'queued_for',
  'last_error',
] as const satisfies readonly (keyof SchedulePatch)[];

/** The parameters of updateSchedule.sql: each column the patch gives is set (converted), the others kept. */
export function patchParams(id: string, version: number, patch: SchedulePatch): Record<string, unknown> {
  const params: Record<string, unknown> = { id, version };
  for (const column of PATCHED) {
    const given = patch[column] !== undefined;
    params[`set_${column}`] = given ? 1 : 0;
    params[column] = given ? columnValue(column, patch) : null;
  }
  return params;
}

function columnValue(column: (typeof PATCHED)[number], patch: SchedulePatch): unknown {
  if (column === 'payload') return JSON.stringify(patch.payload);
  if (column === 'enabled') return patch.enabled ? 1 : 0;
  if (column === 'next_run_at' || column === 'queued_for') return toMs(patch[column] ?? null);
  return patch[column];
}
