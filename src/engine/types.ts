/**
 * The task record and the values it can take. JSON field names follow the specification's
 * "Метрики задач" (snake_case), so a task read from the store is what the API sends.
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

/** A task as the store keeps it and the API returns it. */
export interface Task {
  /** UUID (version 7: time-ordered, so ordering by id is ordering by creation). */
  task_id: string;
  task_type: string;
  status: TaskStatus;
  /** Integer 0–100 rounded down from processed/total; 0 while total is unknown, 100 only when completed. */
  progress: number;
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
  cancel_requested: boolean;
  /** How many times the task has been started (claimed); 0 while it has never run. */
  attempt: number;
  max_attempts: number;
  /** Higher runs first. */
  priority: number;
  /** Incremented on every change, so a subscriber can tell it missed nothing. */
  seq: number;
}

/** A task together with the fields only the engine and runners need. */
export interface TaskRow extends Task {
  payload: Json;
  checkpoint: Json;
  lease_owner: string | null;
  lease_expires_at: string | null;
}

/** Integer percentage, rounded down; 100 is reserved for completed tasks. */
export function computeProgress(status: TaskStatus, processed: number, total: number | null): number {
  if (status === 'completed') return 100;
  if (total === null || total <= 0) return 0;
  const pct = Math.floor((processed * 100) / total);
  return Math.max(0, Math.min(99, pct));
}

/** Strips the engine-only fields, giving what clients may see. */
export function publicTask(row: TaskRow | Task): Task {
  // Spelled out: a rest pattern that drops keys is several times slower, and this runs twice per task.
  return {
    task_id: row.task_id,
    task_type: row.task_type,
    status: row.status,
    progress: row.progress,
    total: row.total,
    processed: row.processed,
    message: row.message,
    created_at: row.created_at,
    started_at: row.started_at,
    completed_at: row.completed_at,
    result: row.result,
    error: row.error,
    metadata: row.metadata,
    user_id: row.user_id,
    cancel_requested: row.cancel_requested,
    attempt: row.attempt,
    max_attempts: row.max_attempts,
    priority: row.priority,
    seq: row.seq,
  };
}
