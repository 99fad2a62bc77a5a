/** The manual retries of the SQLite task store: one task, or many in one transaction with their starts spread. */
import type Database from 'better-sqlite3';
import {
  ABANDONED_ERROR,
  type RetryManyQuery,
  TaskAlreadyActiveError,
  TaskNotFoundError,
  TaskNotRetryableError,
  type TaskRow,
} from '../../engine/index.js';
import { type RawTask, toTaskRow } from './sqliteTaskRows.js';
import type { TaskStatements } from './sqliteTaskStatements.js';

/** retryFinished.sql for one task, due at `runAt` (ms); its refusals as named errors. */
export function retryOne(s: TaskStatements, taskId: string, runAt: number): TaskRow {
  let r: RawTask | undefined;
  try {
    r = s.retryFinished.get({ id: taskId, runAt, abandoned: ABANDONED_ERROR });
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    // A singleton task whose key another active task holds.
    const key = (s.singletonKeyOf.pluck().get(taskId) as unknown as string | null) ?? '';
    throw new TaskAlreadyActiveError(key, s.activeSingleton.get(key)?.task_id ?? null);
  }
  if (r) return toTaskRow(r);
  const current = s.getTask.get(taskId);
  throw current ? new TaskNotRetryableError(taskId, current.status) : new TaskNotFoundError(taskId);
}

/** See TaskStore.retryFinishedMany: the candidates, oldest first, each retried in one IMMEDIATE transaction. */
export function retryMany(db: Database.Database, s: TaskStatements, q: RetryManyQuery): TaskRow[] {
  if (q.limit <= 0) return [];
  const retryAll = db.transaction(() => {
    const ids = s.retryCandidates.pluck().all({ status: q.status, taskType: q.taskType ?? null, limit: q.limit }) as unknown as string[];
    const now = Date.now();
    const rows: TaskRow[] = [];
    for (const id of ids) {
      try {
        // The n-th retried (from 0) is due n / perSecond seconds from now.
        rows.push(retryOne(s, id, now + Math.round((rows.length * 1000) / q.perSecond)));
      } catch (err) {
        // Another task of the same singleton key is active (or was just retried): this one stays as it is.
        if (err instanceof TaskAlreadyActiveError) continue;
        throw err;
      }
    }
    return rows;
  });
  return retryAll.immediate();
}
