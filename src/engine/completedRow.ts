import type { Json, TaskRow } from './types.js';

/** What a completion changes that the completing process cannot know beforehand. */
export interface CompletedColumns {
  seq: number;
  completed_at: string;
  cancel_requested: boolean;
  processed: number;
  total: number | null;
  message: string | null;
}

/**
 * The completed row, from the row the completing process held (`CompleteItem.known`) and the columns the
 * completion changed, so a store need not read the whole row back. The result is taken as given: the engine
 * hands over the JSON value it stores (runTask's asJson), so it equals what a later read returns.
 */
export function completedRow(base: TaskRow, r: CompletedColumns, result: Json): TaskRow {
  return {
    ...base,
    status: 'completed',
    progress: 100,
    total: r.total,
    processed: r.processed,
    message: r.message,
    completed_at: r.completed_at,
    result,
    cancel_requested: r.cancel_requested,
    seq: r.seq,
    // A completion clears the error of an earlier failed attempt (attempt_log keeps it) and ends the lease;
    // lease_owner stays, naming the node of the last attempt.
    error: null,
    lease_expires_at: null,
  };
}
