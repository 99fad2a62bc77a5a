import type { Fence, FinishUpdate, Json, NewTask } from '../../engine/index.js';

/** A JSON column's text: NULL for null or a missing value. */
export const json = (value: Json | undefined): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** A new task's run_at in ms: the time it asked for, or `now` when it asked for none or for a past time. */
export const runAtMs = (t: NewTask, now: number): number => (t.run_at === null ? now : Math.max(Date.parse(t.run_at), now));

/**
 * The parameters of insertTask.sql (and the first ones of insertTaskClaimed.sql): the columns of one new task.
 * Spelled out rather than spread from the task: this runs once per enqueued task, and a spread of NewTask's
 * fields cost the bulk-enqueue path a few percent.
 */
export function insertParams(t: NewTask, now: number) {
  const runAt = t.run_at === null ? now : runAtMs(t, now);
  return {
    task_id: t.task_id,
    task_type: t.task_type,
    total: t.total,
    message: t.message,
    now,
    payload: json(t.payload),
    metadata: JSON.stringify(t.metadata ?? {}),
    user_id: t.user_id,
    priority: t.priority,
    max_attempts: t.max_attempts,
    timeout_ms: t.timeout_ms,
    singleton_key: t.singleton_key ?? null,
    run_at: runAt,
    claim_key: runAt - t.lead_ms,
    backoff: t.backoff === null ? null : JSON.stringify(t.backoff),
    idempotency_key: t.idempotency_key ?? null,
  };
}

/** The parameters of the guarded writes of a running task (setProgress.sql, completeTask.sql, …). */
export function counters(id: string, u: FinishUpdate, fence: Fence) {
  return {
    id,
    now: Date.now(),
    fence: fence ?? null,
    processed: u.processed ?? null,
    setTotal: u.total !== undefined ? 1 : 0,
    total: u.total ?? null,
    setMessage: u.message !== undefined ? 1 : 0,
    message: u.message ?? null,
  };
}
