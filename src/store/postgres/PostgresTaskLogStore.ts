import type pg from 'pg';
import type { Json, NewTaskLogLine, TaskLogLevel, TaskLogLine, TaskLogStore } from '../../engine/index.js';
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';
import { UUID_RE } from './postgresTaskRows.js';

/** The statements, one file each in sql/logs/ (its header names the parameters), read at load. */
const SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'logs'), ['appendTaskLogs', 'listTaskLogs']);

/** A row of task_logs as the pool returns it (timestamptz as ISO text, jsonb parsed). */
interface RawLogLine {
  seq: number;
  at: string;
  level: string;
  message: string;
  fields: Json | null;
}

/** The tasks' log lines on PostgreSQL: a batch is one statement (appended after the newest seq, the bound applied). */
export class PostgresTaskLogStore implements TaskLogStore {
  constructor(private readonly pool: pg.Pool) {}

  async appendTaskLogs(taskId: string, lines: readonly NewTaskLogLine[], keep: number): Promise<TaskLogLine[]> {
    if (lines.length === 0 || !UUID_RE.test(taskId)) return [];
    const { rows } = await this.pool.query<RawLogLine>(SQL.appendTaskLogs, [
      taskId,
      lines.map((l) => l.at),
      lines.map((l) => l.level),
      lines.map((l) => l.message),
      lines.map((l) => l.fields),
      keep,
    ]);
    return rows.map(toLogLine);
  }

  async listTaskLogs(taskId: string, since: number, limit: number): Promise<TaskLogLine[]> {
    if (!UUID_RE.test(taskId)) return [];
    const { rows } = await this.pool.query<RawLogLine>(SQL.listTaskLogs, [taskId, since, limit]);
    return rows.map(toLogLine);
  }
}

function toLogLine(r: RawLogLine): TaskLogLine {
  return { seq: r.seq, at: new Date(r.at).toISOString(), level: r.level as TaskLogLevel, message: r.message, fields: r.fields };
}
