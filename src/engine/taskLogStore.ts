import type { Json } from './types.js';

/** The levels of a task's log lines, least severe first. */
export const TASK_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The level of one log line. */
export type TaskLogLevel = (typeof TASK_LOG_LEVELS)[number];

/** A line a handler logged, not yet stored (bounded already: see boundLogLine). */
export interface NewTaskLogLine {
  /** When the handler logged it, ms since the epoch. */
  at: number;
  level: TaskLogLevel;
  message: string;
  /** The handler's fields as JSON text, or null for none. */
  fields: string | null;
}

/** One stored line, as `GET /api/v1/tasks/{id}/logs` and the socket's `log` message carry it. */
export interface TaskLogLine {
  /** Position in the task's log, from 1, increasing across attempts. */
  seq: number;
  /** ISO 8601 time of the `ctx.log` call. */
  at: string;
  level: TaskLogLevel;
  message: string;
  fields: Json | null;
}

/**
 * Storage of the tasks' log lines (table `task_logs`, keyed by task and seq), the port the engine owns and
 * src/store implements on both backends. A task's lines go when the task is deleted (retention, clean-up).
 */
export interface TaskLogStore {
  /**
   * Appends lines to a task's log after its newest one and keeps only its newest `keep` lines. Returns them as
   * stored (with their seq); nothing when the task no longer exists.
   */
  appendTaskLogs(taskId: string, lines: readonly NewTaskLogLine[], keep: number): Promise<TaskLogLine[]>;
  /** A task's lines after `since` (exclusive), oldest first, at most `limit`. */
  listTaskLogs(taskId: string, since: number, limit: number): Promise<TaskLogLine[]>;
}
