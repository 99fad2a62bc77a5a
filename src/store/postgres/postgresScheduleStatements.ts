/** The PostgreSQL schedule store's statements, one file each under sql/schedules/ (each with a header naming its parameters). */
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';

/** The statements of the store, one file each in sql/schedules/ (its header names the parameters), read at load. */
export const SCHEDULE_SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'schedules'), [
  'insertSchedule',
  'getSchedule',
  'listSchedules',
  'updateSchedule',
  'deleteSchedule',
  'recordManualRun',
  'databaseNow',
  'nextDue',
  'dueSchedules',
  'lockDueSchedule',
  'advanceSchedule',
  'recordScheduleMissed',
]);
