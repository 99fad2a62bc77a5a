/**
 * A task as it goes over the wire: what the HTTP API returns and the task socket sends. JSON field names
 * follow the specification's "Метрики задач" (snake_case). The engine's own record (TaskRow) extends it.
 */

/** Every state a task can be in; see docs/task-lifecycle.md for the transitions. */
export const TASK_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;

/** One of {@link TASK_STATUSES}. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** States from which a task never moves again. */
export const FINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

/** True when the task has reached a final state. */
export function isFinalStatus(status: TaskStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** A JSON value as stored in `result`, `metadata`, `payload` and `checkpoint`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A task as the API returns it. */
export interface Task {
  /** UUID (version 7: time-ordered, so ordering by id is ordering by creation). */
  task_id: string;
  task_type: string;
  status: TaskStatus;
  /** Integer 0–100 rounded down from processed/total; 0 while total is unknown, 100 only when completed. */
  progress: number;
  /** Items to process; null while unknown. */
  total: number | null;
  processed: number;
  message: string | null;
  /** ISO 8601 UTC. */
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  result: Json;
  error: string | null;
  metadata: Record<string, Json>;
  /** Owner (a user id), or null for a task nobody owns. */
  user_id: number | null;
  /** A cancellation was asked for and the handler has not stopped yet. */
  cancel_requested: boolean;
  /** How many times the task has been started (claimed); 0 while it has never run. */
  attempt: number;
  max_attempts: number;
  /** Higher runs first ({@link PRIORITY_MIN}…{@link PRIORITY_MAX}, default 0); a waiting task gains one level per aging interval. */
  priority: number;
  /**
   * Not started before this time (ISO 8601 UTC): the enqueue's `run_at` (or now), or, while a failed attempt
   * waits for the next one, when that attempt is due.
   */
  run_at: string;
  /** Incremented on every change: a higher seq is a newer state of the same task, so a subscriber can tell it missed nothing. */
  seq: number;
}

/** Lowest and highest `priority` a task may be given; 0 is the default. */
export const PRIORITY_MIN = -10;
export const PRIORITY_MAX = 10;

/** How one attempt ended: `lost` when its process died (lease expired), `interrupted` when it was handed back at shutdown. */
export type AttemptOutcome = 'running' | 'completed' | 'failed' | 'cancelled' | 'lost' | 'interrupted';

/** One run of a task (GET /api/v1/tasks/{id} lists them all, oldest first). */
export interface TaskAttempt {
  /** 1 for the first run. */
  attempt: number;
  started_at: string | null;
  /** Null while running. */
  finished_at: string | null;
  outcome: AttemptOutcome;
  error: string | null;
  /** The process that ran it (host:pid:id), when known. */
  node: string | null;
}

/** A task with its attempts (GET /api/v1/tasks/{id}). */
export interface TaskDetails extends Task {
  attempts: TaskAttempt[];
}

/**
 * How long a failed attempt waits before the next one: `min(max_ms, base_ms × factor^(attempt − 1))`, then
 * jittered — `full`: a uniform draw in [0, that]; `equal`: in [that / 2, that]; `none`: exactly that.
 */
export interface Backoff {
  base_ms: number;
  factor: number;
  max_ms: number;
  jitter: 'full' | 'equal' | 'none';
}

/** The answer of POST /api/v1/tasks/retry. */
export interface RetryManyResponse {
  /** Tasks put back to pending. */
  retried: number;
  /** Seconds until the last of them is due (they are spread at the bulk-retry rate). */
  spread_s: number;
}

/** A page of tasks (GET /api/v1/tasks). */
export interface TaskList {
  tasks: Task[];
  /**
   * Tasks matching the filter, over all pages — counted up to TASK_LIST_COUNT_CAP past the page's offset: past
   * that, `total` is offset + TASK_LIST_COUNT_CAP and `total_capped` is true (show "1 000+").
   */
  total: number;
  /** More tasks match than `total` says: the count stopped at its cap. */
  total_capped: boolean;
}

/**
 * How many matches past the page's offset GET /api/v1/tasks counts (50 pages of 20): a count of every match walks
 * a million rows (bench:tasklist). Each deeper page counts on from its own offset, so paging on never runs out.
 */
export const TASK_LIST_COUNT_CAP = 1000;

/**
 * The orders GET /api/v1/tasks lists in (`order`): by creation, newest first (the default) or oldest first; or by
 * status (`status`: {@link STATUS_ORDER}, newest first within each).
 */
export const TASK_LIST_ORDERS = ['created_desc', 'created_asc', 'status'] as const;

/** The statuses in the order `order=status` lists them: what may need a look first, the bulk of finished work last. */
export const STATUS_ORDER: readonly TaskStatus[] = ['running', 'pending', 'failed', 'cancelled', 'completed'];

/** One of {@link TASK_LIST_ORDERS}. */
export type TaskListOrder = (typeof TASK_LIST_ORDERS)[number];

/** What the task socket sends (`log`: on the one-task socket only). */
export type TaskSocketMessage = { type: 'task_update'; task: Task } | TaskLogMessage | { type: 'pong' } | { type: 'error'; detail: string };

/** What a client may send on the task socket (anything else is ignored; see docs/api.md). */
export type TaskSocketRequest = { type: 'ping' };

/**
 * The body of every error answer: a human-readable `detail` naming what is wrong; a 409 on a sync start adds the
 * `task_id` of the sync already pending or running.
 */
export interface ErrorBody {
  detail: string;
  task_id?: string;
}

// The tasks' log lines (ctx.log): GET /api/v1/tasks/{id}/logs and the task socket's `log` message.

/** The levels of a task's log lines, least severe first. */
export const TASK_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The level of one log line. */
export type TaskLogLevel = (typeof TASK_LOG_LEVELS)[number];

/** One stored line of a task's log. */
export interface TaskLogLine {
  /** Position in the task's log, from 1, increasing across attempts. */
  seq: number;
  /** ISO 8601 time of the `ctx.log` call. */
  at: string;
  level: TaskLogLevel;
  message: string;
  fields: Json | null;
}

/** `GET /api/v1/tasks/{id}/logs?since=&limit=`: the lines after `since`, oldest first. */
export interface TaskLogsResponse {
  items: TaskLogLine[];
}

/** Default and largest `limit` of `GET /api/v1/tasks/{id}/logs`. */
export const TASK_LOGS_PAGE = { default: 200, max: 1000 } as const;

/** The task socket's message with lines just stored, in seq order (`/api/v1/ws/tasks/{task_id}` only). */
export interface TaskLogMessage {
  type: 'log';
  task_id: string;
  items: TaskLogLine[];
}
