import type Database from 'better-sqlite3';
import type { Json, NewTaskLogLine, TaskLogLevel, TaskLogLine, TaskLogStore } from '../../engine/index.js';
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';

/** The statements, one file each in sql/logs/ (its header names the parameters), read at load. */
const SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'logs'), [
  'lastTaskLogSeq',
  'insertTaskLog',
  'trimTaskLogs',
  'listTaskLogs',
]);

/** A row of task_logs as SQLite returns it. */
interface RawLogLine {
  seq: number;
  at: number;
  level: string;
  message: string;
  fields: string | null;
}

/** The tasks' log lines on SQLite: a batch is one transaction (its newest seq read, the lines inserted, the bound applied). */
export class SqliteTaskLogStore implements TaskLogStore {
  private s!: { [K in keyof typeof SQL]: Database.Statement };
  private append!: (taskId: string, lines: readonly NewTaskLogLine[], keep: number) => TaskLogLine[];

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    this.s = {
      lastTaskLogSeq: this.db.prepare(SQL.lastTaskLogSeq),
      insertTaskLog: this.db.prepare(SQL.insertTaskLog),
      trimTaskLogs: this.db.prepare(SQL.trimTaskLogs),
      listTaskLogs: this.db.prepare(SQL.listTaskLogs),
    };
    this.append = this.db.transaction((taskId: string, lines: readonly NewTaskLogLine[], keep: number) => {
      const last = this.s.lastTaskLogSeq.pluck().get({ task_id: taskId }) as number | undefined;
      if (last === undefined) return [];
      const stored = lines.map((line, i) => {
        const seq = last + i + 1;
        this.s.insertTaskLog.run({ task_id: taskId, seq, at: line.at, level: line.level, message: line.message, fields: line.fields });
        return toLogLine({ seq, ...line });
      });
      this.s.trimTaskLogs.run({ task_id: taskId, upto: last + lines.length - keep });
      return stored;
    });
  }

  async appendTaskLogs(taskId: string, lines: readonly NewTaskLogLine[], keep: number): Promise<TaskLogLine[]> {
    return lines.length === 0 ? [] : this.append(taskId, lines, keep);
  }

  async listTaskLogs(taskId: string, since: number, limit: number): Promise<TaskLogLine[]> {
    return (this.s.listTaskLogs.all({ task_id: taskId, since, limit }) as RawLogLine[]).map(toLogLine);
  }
}

function toLogLine(r: RawLogLine): TaskLogLine {
  return {
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    level: r.level as TaskLogLevel,
    message: r.message,
    fields: r.fields === null ? null : (JSON.parse(r.fields) as Json),
  };
}
