/**
 * The inserts of the SQLite task store, each one IMMEDIATE transaction: a batch of new tasks, and one task under
 * an idempotency key. No RETURNING: every column of a new row is known here, and building it in JS is several
 * times cheaper than reading it back (this is the bulk-enqueue path).
 */
import type Database from 'better-sqlite3';
import { type NewTask, TaskAlreadyActiveError, type TaskRow, newTaskRow } from '../../engine/index.js';
import { insertParams } from './sqliteTaskParams.js';
import { toTaskRow } from './sqliteTaskRows.js';
import type { TaskStatements } from './sqliteTaskStatements.js';

/** Runs `insert` for each task in one transaction and returns `row` of each; a broken singleton key is named. */
export function insertEach(
  db: Database.Database,
  s: TaskStatements,
  tasks: readonly NewTask[],
  insert: (t: NewTask) => unknown,
  row: (t: NewTask) => TaskRow,
): TaskRow[] {
  const insertAll = db.transaction(() =>
    tasks.map((t): TaskRow => {
      insert(t);
      return row(t);
    }),
  );
  return namingSingleton(s, tasks, () => insertAll.immediate());
}

/**
 * See TaskStore.insertIdempotent: the lookup, the release of an expired key and the insert in one IMMEDIATE
 * transaction, so of concurrent calls (other processes included) exactly one inserts.
 */
export function insertIdempotent(
  db: Database.Database,
  s: TaskStatements,
  task: NewTask & { idempotency_key: string },
  windowMs: number,
): { row: TaskRow; created: boolean } {
  const run = db.transaction(() => {
    const now = Date.now();
    const found = s.idempotentTask.get({ task_type: task.task_type, idempotency_key: task.idempotency_key });
    if (found) {
      const active = found.status === 'pending' || found.status === 'running';
      if (active || (found.completed_at !== null && found.completed_at > now - windowMs)) return { row: toTaskRow(found), created: false };
      s.releaseIdempotencyKey.run(found.task_id);
    }
    s.insertTask.run(insertParams(task, now));
    return { row: newTaskRow(task, new Date(now).toISOString()), created: true };
  });
  return namingSingleton(s, [task], () => run.immediate());
}

/** Runs `insert`; a unique violation while one of `tasks` has a singleton key becomes TaskAlreadyActiveError. */
function namingSingleton<R>(s: TaskStatements, tasks: readonly NewTask[], insert: () => R): R {
  try {
    return insert();
  } catch (err) {
    const key = tasks.find((t) => t.singleton_key)?.singleton_key;
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && key) {
      throw new TaskAlreadyActiveError(key, s.activeSingleton.get(key)?.task_id ?? null);
    }
    throw err;
  }
}
