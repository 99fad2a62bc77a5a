import { type Json, type TaskRow, type TaskStatus, computeProgress } from '../../engine/index.js';

/** A tasks row as SQLite returns it. */
export interface RawTask {
  task_id: string;
  task_type: string;
  status: TaskStatus;
  total: number | null;
  processed: number;
  message: string | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  result: string | null;
  error: string | null;
  payload: string | null;
  metadata: string;
  checkpoint: string | null;
  user_id: number | null;
  cancel_requested: number;
  attempt: number;
  max_attempts: number;
  priority: number;
  seq: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const parse = (text: string | null): Json => (text === null ? null : (JSON.parse(text) as Json));

/** Converts a SQLite row to the engine's task record. */
export function toTaskRow(r: RawTask): TaskRow {
  return {
    task_id: r.task_id,
    task_type: r.task_type,
    status: r.status,
    progress: computeProgress(r.status, r.processed, r.total),
    total: r.total,
    processed: r.processed,
    message: r.message,
    created_at: iso(r.created_at)!,
    started_at: iso(r.started_at),
    completed_at: iso(r.completed_at),
    result: parse(r.result),
    error: r.error,
    metadata: JSON.parse(r.metadata) as Record<string, Json>,
    user_id: r.user_id,
    cancel_requested: r.cancel_requested === 1,
    attempt: r.attempt,
    max_attempts: r.max_attempts,
    priority: r.priority,
    seq: r.seq,
    payload: parse(r.payload),
    checkpoint: parse(r.checkpoint),
    lease_owner: r.lease_owner,
    lease_expires_at: iso(r.lease_expires_at),
  };
}

/** The order claimTasks hands tasks out in: highest priority first, then by id (the claim statement's order). */
export const byClaimOrder = (a: TaskRow, b: TaskRow): number =>
  b.priority - a.priority || (a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0);
