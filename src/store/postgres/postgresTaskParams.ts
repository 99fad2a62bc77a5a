import type { CompleteItem, Fence, FinishUpdate, NewTask } from '../../engine/index.js';

/**
 * The parameters of insertTask.sql and insertTaskClaimed.sql: $1…$11, the columns of one new task, and its
 * timing — run_at, lead ms, backoff — which follow the channel (or the lease owner and ms; a claimed insert
 * takes no run_at).
 */
export function insertOneValues(t: NewTask): [unknown[], unknown[]] {
  const timing = [t.run_at, t.lead_ms, t.backoff === null ? null : JSON.stringify(t.backoff)];
  return [
    [
      t.task_id,
      t.task_type,
      t.total,
      t.message,
      t.payload === null || t.payload === undefined ? null : JSON.stringify(t.payload),
      JSON.stringify(t.metadata ?? {}),
      t.user_id,
      t.priority,
      t.max_attempts,
      t.timeout_ms,
      t.singleton_key ?? null,
    ],
    timing,
  ];
}

/*
 * The jsonb records of the bulk statements leave out what is null or false (jsonb_to_recordset reads a
 * missing key as NULL): a flood of short tasks sends megabytes of them, mostly nulls otherwise.
 */

/** One new task of the jsonb array $1 of insertTasks.sql and insertTasksClaimed.sql. */
export function insertRecord(t: NewTask): Record<string, unknown> {
  const r: Record<string, unknown> = {
    task_id: t.task_id,
    task_type: t.task_type,
    payload: t.payload,
    priority: t.priority,
    max_attempts: t.max_attempts,
  };
  if (t.total !== null) r.total = t.total;
  if (t.message !== null) r.message = t.message;
  if (Object.keys(t.metadata).length > 0) r.metadata = t.metadata;
  if (t.user_id !== null) r.user_id = t.user_id;
  if (t.timeout_ms !== null) r.timeout_ms = t.timeout_ms;
  if (t.singleton_key) r.singleton_key = t.singleton_key;
  if (t.run_at !== null) r.run_at = t.run_at;
  if (t.lead_ms !== 0) r.lead_ms = t.lead_ms;
  if (t.backoff !== null) r.backoff = t.backoff;
  return r;
}

/** One completion of the jsonb array $1 of completeTasks.sql: set_total / set_message say whether total / message change. */
export function completionRecord(i: CompleteItem): Record<string, unknown> {
  const r: Record<string, unknown> = { id: i.taskId };
  if (i.fence !== undefined) r.fence = i.fence;
  if (i.update.processed !== undefined) r.processed = i.update.processed;
  if (i.update.total !== undefined) {
    r.set_total = true;
    r.total = i.update.total;
  }
  if (i.update.message !== undefined) {
    r.set_message = true;
    r.message = i.update.message;
  }
  if (i.result !== null && i.result !== undefined) r.result = i.result;
  return r;
}

/** The parameters $1…$7 of the guarded writes of a running task (setProgress.sql, completeTask.sql, …). */
export function counters(id: string, u: FinishUpdate, fence: Fence): unknown[] {
  return [id, fence ?? null, u.processed ?? null, u.total !== undefined, u.total ?? null, u.message !== undefined, u.message ?? null];
}
