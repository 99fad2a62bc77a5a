/**
 * A schedule as it goes over the wire (issue 12): what `/api/v1/schedules` returns and takes. A schedule creates a
 * task of `task_type` with `payload` on every tick of `cron` in `timezone`, exactly once per tick on any number of
 * nodes. Design: docs/schedules.md.
 */
import type { Json, TaskStatus } from './tasks.js';

/** What a schedule does with ticks that passed while no node ran it: none, the newest one, or each (up to `missed_cap`). */
export const MISSED_POLICIES = ['skip', 'once', 'all'] as const;
/** One of {@link MISSED_POLICIES}. */
export type MissedPolicy = (typeof MISSED_POLICIES)[number];

/** What a tick does while the schedule's previous task still runs: nothing, run it after, or run it anyway. */
export const OVERLAP_POLICIES = ['skip', 'queue', 'allow'] as const;
/** One of {@link OVERLAP_POLICIES}. */
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/** A schedule as the API returns it. Times are ISO 8601 UTC. */
export interface Schedule {
  /** UUID v7. */
  id: string;
  name: string;
  task_type: string;
  /** The payload of each task; a bank sync's may hold a relative `period` resolved at the tick. */
  payload: Json;
  /** 5 fields, or 6 with seconds first. */
  cron: string;
  /** IANA zone name. */
  timezone: string;
  enabled: boolean;
  missed: MissedPolicy;
  /** With `missed: 'all'`, the most missed ticks one catch-up creates. */
  missed_cap: number;
  overlap: OverlapPolicy;
  /** The first tick not yet handled; null while disabled. */
  next_run_at: string | null;
  /** The newest tick handled (fired, or skipped by a policy). */
  last_run_at: string | null;
  /** The newest task the schedule created (by a tick or "run now"). */
  last_task_id: string | null;
  /** That task's status now; null when there is none (or it was cleaned up). */
  last_task_status: TaskStatus | null;
  /** With `overlap: 'queue'`: the tick waiting for the previous task to end. */
  queued_for: string | null;
  /** Why the newest tick created no task (e.g. its task type is not registered), or null. */
  last_error: string | null;
  /** Ticks that created no task because the previous task still ran (`overlap: 'skip'`). */
  skipped_count: number;
  /** The expression in Russian ("каждый час в 00 минут"). */
  description: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** Bumped by every edit. */
  version: number;
}

/** What `POST /api/v1/schedules` takes; `PATCH` takes any part of it. */
export interface ScheduleInput {
  name: string;
  task_type: string;
  payload?: Json;
  cron: string;
  /** Default `UTC`. */
  timezone?: string;
  /** Default true. */
  enabled?: boolean;
  /** Default `skip`. */
  missed?: MissedPolicy;
  /** Default 10. */
  missed_cap?: number;
  /** Default `skip`. */
  overlap?: OverlapPolicy;
}

/** `GET /api/v1/schedules`. */
export interface ScheduleList {
  items: Schedule[];
}

/** `GET /api/v1/schedules/preview?cron=…&timezone=…`: the next 5 runs with their offset, and the description in Russian. */
export interface SchedulePreview {
  runs: string[];
  description: string;
}

/** `POST /api/v1/schedules/{id}/run` (202). */
export interface ScheduleRunResponse {
  task_id: string;
}
