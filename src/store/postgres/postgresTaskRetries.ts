/** The manual retries of the PostgreSQL task store: one task, or many, their starts spread. */
import type pg from 'pg';
import {
  ABANDONED_ERROR,
  type RetryManyQuery,
  TaskAlreadyActiveError,
  TaskNotFoundError,
  TaskNotRetryableError,
  type TaskRow,
} from '../../engine/index.js';
import { type RawTask, toTaskRow } from './postgresTaskRows.js';
import { SQL } from './postgresTaskStatements.js';

/** retryFinished.sql for one task, due `delayMs` after `from` (an ISO time; now when null); its refusals as named errors. */
export async function retryOne(pool: pg.Pool, taskId: string, delayMs: number, from: string | null = null): Promise<TaskRow> {
  let r: RawTask | undefined;
  try {
    [r] = (await pool.query<RawTask>(SQL.retryFinished, [taskId, ABANDONED_ERROR, delayMs, from])).rows;
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    // A singleton task whose key another active task holds.
    const key = (await pool.query<{ singleton_key: string }>(SQL.singletonKeyOf, [taskId])).rows[0]?.singleton_key ?? '';
    const active = await pool.query<{ task_id: string }>(SQL.activeSingleton, [key]);
    throw new TaskAlreadyActiveError(key, active.rows[0]?.task_id ?? null);
  }
  if (r) return toTaskRow(r);
  const current = (await pool.query<RawTask>(SQL.getTask, [taskId])).rows[0];
  throw current ? new TaskNotRetryableError(taskId, current.status) : new TaskNotFoundError(taskId);
}

/**
 * See TaskStore.retryFinishedMany: the candidates, oldest first, each retried by its own statement (a singleton
 * whose key is active is passed over, so one refusal does not undo the others).
 */
export async function retryMany(pool: pg.Pool, q: RetryManyQuery): Promise<TaskRow[]> {
  const ids = (await pool.query<{ task_id: string }>(SQL.retryCandidates, [q.status, q.taskType ?? null, q.limit])).rows;
  const rows: TaskRow[] = [];
  for (const { task_id } of ids) {
    try {
      // The n-th retried (from 0) is due n / perSecond seconds after the first, which is due now: counted from the
      // first's time, not each statement's, so a slow machine between the statements does not stretch the spread.
      const from = rows[0]?.run_at ?? null;
      rows.push(await retryOne(pool, task_id, Math.round((rows.length * 1000) / q.perSecond), from));
    } catch (err) {
      // Another task of the same singleton key is active (or was just retried), or the task moved meanwhile.
      if (err instanceof TaskAlreadyActiveError || err instanceof TaskNotRetryableError) continue;
      throw err;
    }
  }
  return rows;
}
