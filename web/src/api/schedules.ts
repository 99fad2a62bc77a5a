/**
 * The Schedules API (issue 12): scheduled tasks that create a task of a registered type on every tick of a cron
 * expression in an IANA time zone. Admins manage every schedule, managers those of the sync task types, users none
 * (403). A wrong field answers 400 with a `detail` naming it (`cron: …`, `body.name: …`): {@link fieldOfError}
 * tells which.
 */
import { ApiError, request } from './client';

import type { Schedule, ScheduleInput, ScheduleList, SchedulePreview, ScheduleRunResponse } from '../../../src/wire/index.js';

// The wire shapes are defined once, in src/wire, and shared with the server.
export { MISSED_POLICIES, OVERLAP_POLICIES } from '../../../src/wire/index.js';
export type {
  MissedPolicy,
  OverlapPolicy,
  Schedule,
  ScheduleInput,
  ScheduleList,
  SchedulePreview,
  ScheduleRunResponse,
} from '../../../src/wire/index.js';

/** The relative periods a bank sync's payload may hold instead of `date_from`/`date_to`, resolved at each tick. */
export const RELATIVE_PERIODS = ['current_month', 'previous_month', 'last_days'] as const;
/** One of {@link RELATIVE_PERIODS}. */
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

/** A scheduled bank sync's payload: the period relative to the tick (`days` with `last_days`), and classification. */
export interface ScheduledBankSyncPayload {
  period: RelativePeriod;
  days?: number;
  auto_classify?: boolean;
}

const path = (id: string) => `/api/v1/schedules/${encodeURIComponent(id)}`;

/** The schedules the caller may manage (403 for the role `user`). */
export async function listSchedules(): Promise<Schedule[]> {
  return (await request<ScheduleList>('GET', '/api/v1/schedules')).items;
}

/** One schedule (404 when it does not exist or the caller may not manage it). */
export function getSchedule(id: string): Promise<Schedule> {
  return request<Schedule>('GET', path(id));
}

/** Creates a schedule (201), answered with its `next_run_at` and `description`; 400 naming a wrong field. */
export function createSchedule(input: ScheduleInput): Promise<Schedule> {
  return request<Schedule>('POST', '/api/v1/schedules', { body: input });
}

/** Changes any part of a schedule (e.g. `{enabled: false}`); answers the schedule as it now is. */
export function updateSchedule(id: string, changes: Partial<ScheduleInput>): Promise<Schedule> {
  return request<Schedule>('PATCH', path(id), { body: changes });
}

/** Deletes a schedule (204); the tasks it created stay. */
export async function removeSchedule(id: string): Promise<void> {
  await request<void>('DELETE', path(id));
}

/** Creates the schedule's task now, outside its cron (202); answers the task's id. */
export function runScheduleNow(id: string): Promise<ScheduleRunResponse> {
  return request<ScheduleRunResponse>('POST', `${path(id)}/run`);
}

/** The next 5 runs of `cron` in `timezone` (ISO 8601 with the zone's offset) and its description in Russian. */
export function previewSchedule(cron: string, timezone: string, signal?: AbortSignal): Promise<SchedulePreview> {
  return request<SchedulePreview>('GET', '/api/v1/schedules/preview', { query: { cron, timezone }, signal });
}

/** The server's words for an error: its `detail`, or an `{error: {message}}` body's message. */
export function errorDetail(error: unknown): string {
  if (error instanceof ApiError) {
    const nested = error.body.error;
    if (
      !('detail' in error.body) &&
      nested &&
      typeof nested === 'object' &&
      typeof (nested as { message?: unknown }).message === 'string'
    ) {
      return (nested as { message: string }).message;
    }
    return error.detail;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The input field a 400 names, and the rest of its message: `body.cron: bad minute` → `{field: 'cron', reason:
 * 'bad minute'}`; `body.payload.days: …` → `payload.days`; `query.timezone: …` → `timezone`; «Unknown task type» →
 * `task_type`. Null for another error or a message that names no field.
 */
export function fieldOfError(error: unknown): { field: string; reason: string } | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const detail = errorDetail(error);
  // The engine's refusal of a type it does not run names no field: it is the task type's.
  if (/^Unknown task type/i.test(detail)) return { field: 'task_type', reason: detail };
  const match = /^((?:body|query)(?:\.[\w-]+)*|[a-z_]+(?:\.[\w-]+)*): (.*)$/s.exec(detail);
  if (!match) return null;
  const field = match[1]!.replace(/^(body|query)\.?/, '');
  return field ? { field, reason: match[2]! } : null;
}
