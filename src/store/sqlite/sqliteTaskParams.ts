import type { Fence, FinishUpdate, Json, NewTask } from '../../engine/index.js';

/** A JSON column's text: NULL for null or a missing value. */
export const json = (value: Json | undefined): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** The parameters of insertTask.sql (and the first ones of insertTaskClaimed.sql): the columns of one new task. */
export function insertParams(t: NewTask, now: number) {
  return { ...t, now, payload: json(t.payload), metadata: JSON.stringify(t.metadata ?? {}), singleton_key: t.singleton_key ?? null };
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
