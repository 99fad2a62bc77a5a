import type { TaskLogLevel, TaskLogLine } from '../wire/index.js';

export { TASK_LOG_LEVELS, type TaskLogLevel, type TaskLogLine } from '../wire/index.js';

/** A line a handler logged, not yet stored (bounded already: see boundLogLine). */
export interface NewTaskLogLine {
  /** When the handler logged it, ms since the epoch. */
  at: number;
  level: TaskLogLevel;
  message: string;
  /** The handler's fields as JSON text, or null for none. */
  fields: string | null;
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
