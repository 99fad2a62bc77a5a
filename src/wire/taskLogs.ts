/** The tasks' log lines (`ctx.log`): `GET /api/v1/tasks/{id}/logs` and the task socket's `log` message. */
import type { Json } from './tasks.js';

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
