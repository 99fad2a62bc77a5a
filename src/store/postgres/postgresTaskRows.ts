import { type AsStored, type RawTaskOf, type TaskRow, computeProgress } from '../../engine/index.js';

/** A tasks row as node-postgres returns it (int8 parsed to number, timestamptz to ISO text: see pgTypes.ts; jsonb parsed). */
export type RawTask = RawTaskOf<{ time: string; json: AsStored; bool: AsStored }>;

/** A row as the claim returns it: run_at and attempt_log NULL when they are created_at and empty (see claimTasks.sql). */
export type LeanRaw = Omit<RawTask, 'run_at' | 'attempt_log'> & { run_at: string | null; attempt_log: RawTask['attempt_log'] | null };

/** Converts a PostgreSQL row (a full one, or a claim's lean one) to the engine's task record. */
export function toTaskRow(r: LeanRaw): TaskRow {
  return {
    task_id: r.task_id,
    task_type: r.task_type,
    status: r.status,
    progress: computeProgress(r.status, r.processed, r.total),
    total: r.total,
    processed: r.processed,
    message: r.message,
    created_at: r.created_at,
    started_at: r.started_at,
    completed_at: r.completed_at,
    result: r.result,
    error: r.error,
    metadata: r.metadata,
    user_id: r.user_id,
    cancel_requested: r.cancel_requested,
    attempt: r.attempt,
    max_attempts: r.max_attempts,
    priority: r.priority,
    seq: r.seq,
    payload: r.payload,
    checkpoint: r.checkpoint,
    lease_owner: r.lease_owner,
    lease_expires_at: r.lease_expires_at,
    run_at: r.run_at ?? r.created_at,
    backoff: r.backoff,
    attempt_log: r.attempt_log ?? [],
  };
}

/** A claimed row: the task and its claim key (not part of the engine's record). */
export type ClaimedRaw = LeanRaw & { claim_key: string };

/** The order claimTasks hands tasks out in: lowest claim key first, then by id (the claim statement's order). */
// Claim keys come as ISO 8601 UTC text of one length (pgTypes), so they compare as strings: parsing them in the
// sort of a 500-task claim cost more than the claim's own statement.
export const byClaimOrder = (a: ClaimedRaw, b: ClaimedRaw): number =>
  a.claim_key < b.claim_key ? -1 : a.claim_key > b.claim_key ? 1 : a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0;

/** A UUID in text form: ids that are not one cannot exist in a uuid column (and would make a query fail). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
