/** The SQLite schedule store's statements, one file each under sql/schedules/ (each with a header naming its parameters). */
import type Database from 'better-sqlite3';
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';

/** The statements, read once at module load, so a missing file stops start-up. */
const SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'schedules'), [
  'now',
  'insertSchedule',
  'getSchedule',
  'listSchedules',
  'updateSchedule',
  'deleteSchedule',
  'recordManualRun',
  'nextDue',
  'dueSchedules',
  'lockDue',
  'insertScheduledTask',
  'advanceSchedule',
  'recordScheduleMissed',
]);

/** The schedule store's prepared statements, by file name (rows are cast where used). */
export type ScheduleStatements = Record<keyof typeof SQL, Database.Statement>;

/** Prepares every statement on `db` (whose schema must exist). */
export function prepareScheduleStatements(db: Database.Database): ScheduleStatements {
  return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as ScheduleStatements;
}
