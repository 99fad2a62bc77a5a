/** The SQLite task store's statements, one file each under sql/tasks/ (each with a header naming its parameters). */
import type Database from 'better-sqlite3';
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';
import type { RawTask } from './sqliteTaskRows.js';

/** The statements, read once at module load, so a missing file stops start-up. */
const SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'tasks'), [
  'insertTask',
  'insertTaskClaimed',
  'activeSingleton',
  'idempotentTask',
  'releaseIdempotencyKey',
  'getTask',
  'claimTasks',
  'startTask',
  'setProgress',
  'saveCheckpoint',
  'completeTask',
  'completeTaskKnown',
  'failTask',
  'markCancelled',
  'requestCancel',
  'releaseTask',
  'renewLeases',
  'recoverAbandoned',
  'handBackTask',
  'retryLater',
  'retryFinished',
  'retryCandidates',
  'singletonKeyOf',
  'nextRunAt',
  'countActiveTasks',
  'listLeaseOwners',
  'deleteFinishedBefore',
]);

/** A prepared statement of the task store (rows typed as tasks rows; the few others are cast where used). */
export type Stmt = Database.Statement<unknown[], RawTask>;

/** The task store's prepared statements, by file name. */
export type TaskStatements = Record<keyof typeof SQL, Stmt>;

/** Prepares every statement on `db` (whose schema must exist). */
export function prepareTaskStatements(db: Database.Database): TaskStatements {
  return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as TaskStatements;
}
