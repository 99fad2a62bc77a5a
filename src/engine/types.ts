/**
 * The engine's task record: the task as the API sends it (src/wire) plus the fields only the engine and
 * runners need.
 */
import type { AttemptOutcome, Backoff, Json, Task, TaskStatus } from '../wire/index.js';

export { TASK_STATUSES, FINAL_STATUSES, isFinalStatus } from '../wire/index.js';
export type { TaskStatus, Json, Task, TaskAttempt, TaskDetails, AttemptOutcome, Backoff } from '../wire/index.js';
export { PRIORITY_MIN, PRIORITY_MAX } from '../wire/index.js';

/** A task together with the fields only the engine and runners need. */
export interface TaskRow extends Task {
  payload: Json;
  checkpoint: Json;
  /** Held while running; after the end, the process that ran the last attempt (the lease itself has ended). */
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** This task's own backoff (set at enqueue), or null for its type's. */
  backoff: Backoff | null;
  /** Every ended attempt but the last one, oldest first, as stored (see attemptsOf). */
  attempt_log: StoredAttempt[];
}

/** An ended attempt as kept in `attempt_log` (times as the store keeps them: ISO strings or epoch ms). */
export interface StoredAttempt {
  attempt: number;
  started_at: string | number | null;
  finished_at: string | number | null;
  outcome: AttemptOutcome;
  error: string | null;
  node: string | null;
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
    run_at: row.run_at,
    seq: row.seq,
  };
}
