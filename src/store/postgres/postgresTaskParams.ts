import type { CompleteItem, Fence, FinishUpdate, NewTask } from '../../engine/index.js';

/** The parameters $1…$11 of insertTask.sql and insertTaskClaimed.sql: the columns of one new task. */
export function insertOneValues(t: NewTask): unknown[] {
  return [
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
