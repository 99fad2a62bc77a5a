import type { Json, TaskRow } from './types.js';
import type { NewTask } from './taskStore.js';

/**
 * A new task's row when it was inserted already claimed (see TaskStore.insertTasks). Its handler starts from
 * this row, so the payload and metadata are copies as stored (JSON), like a claimed task's, not the
 * enqueuer's objects: neither side can change the other's afterwards.
 */
export function claimedAtInsert(row: TaskRow, leaseOwner: string, leaseExpiresAt: string): TaskRow {
  return {
    ...row,
    payload: jsonCopy(row.payload),
    metadata: jsonCopy(row.metadata) as Record<string, Json>,
    status: 'running',
    started_at: row.created_at,
    attempt: 1,
    seq: 2,
    lease_owner: leaseOwner,
    lease_expires_at: leaseExpiresAt,
  };
}

/** The created (pending, seq 1) state of a task inserted already claimed: the inverse of {@link claimedAtInsert}. */
export function createdState(row: TaskRow): TaskRow {
  return { ...row, status: 'pending', started_at: null, attempt: 0, seq: 1, lease_owner: null, lease_expires_at: null };
}

function jsonCopy(value: Json): Json {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as Json);
}

/** The row a store holds right after inserting a new task (what a RETURNING * would give). */
export function newTaskRow(t: NewTask, createdAt: string): TaskRow {
  return {
    task_id: t.task_id,
    task_type: t.task_type,
    status: 'pending',
    progress: 0,
    total: t.total,
    processed: 0,
    message: t.message,
    created_at: createdAt,
    started_at: null,
    completed_at: null,
    result: null,
    error: null,
    metadata: t.metadata ?? {},
    user_id: t.user_id,
    cancel_requested: false,
    attempt: 0,
    max_attempts: t.max_attempts,
    priority: t.priority,
    seq: 1,
    payload: t.payload,
    checkpoint: null,
    lease_owner: null,
    lease_expires_at: null,
    run_at: t.run_at !== null && Date.parse(t.run_at) > Date.parse(createdAt) ? new Date(t.run_at).toISOString() : createdAt,
    backoff: t.backoff,
    attempt_log: [],
  };
}
