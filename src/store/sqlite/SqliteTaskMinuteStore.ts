/** The per-minute figures of the tasks (issue 14, migration 011) on SQLite: one statement per file in sql/taskMinutes/. */
import type Database from 'better-sqlite3';
import type { FigureRow, QueueCount, TaskMinute, TaskMinuteStore } from '../../monitoring/port.js';
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';

const SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'taskMinutes'), [
  'computeTaskFigures',
  'queueCounts',
  'taskMinutesState',
  'advanceTaskMinutes',
  'insertTaskMinutes',
  'listTaskMinutes',
  'deleteTaskMinutesBefore',
]);

type RawMinute = Omit<TaskMinute, 'wait_buckets' | 'run_buckets'> & { wait_buckets: string; run_buckets: string };

/** TaskMinuteStore on SQLite; times are judged by the database machine's clock (all processes share it). */
export class SqliteTaskMinuteStore implements TaskMinuteStore {
  private readonly s: { [K in keyof typeof SQL]: Database.Statement };

  constructor(private readonly db: Database.Database) {
    this.s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as SqliteTaskMinuteStore['s'];
  }

  async taskMinutesState(): Promise<{ now: number; doneUntil: number | null }> {
    const row = this.s.taskMinutesState.get() as { now: number; done_until: number | null };
    return { now: row.now, doneUntil: row.done_until };
  }

  async computeTaskFigures(from: number, to: number): Promise<FigureRow[]> {
    return this.s.computeTaskFigures.all({ from, to }) as FigureRow[];
  }

  async queueCounts(): Promise<QueueCount[]> {
    return this.s.queueCounts.all() as QueueCount[];
  }

  async insertTaskMinutes(rows: readonly TaskMinute[], doneUntil: number | null, until: number): Promise<boolean> {
    return this.db
      .transaction(() => {
        if (this.s.advanceTaskMinutes.run({ until, doneUntil }).changes !== 1) return false;
        if (rows.length > 0) this.s.insertTaskMinutes.run({ rows: JSON.stringify(rows) });
        return true;
      })
      .immediate();
  }

  async listTaskMinutes(from: number, to: number): Promise<TaskMinute[]> {
    return (this.s.listTaskMinutes.all({ from, to }) as RawMinute[]).map((r) => ({
      ...r,
      wait_buckets: JSON.parse(r.wait_buckets) as Record<string, number>,
      run_buckets: JSON.parse(r.run_buckets) as Record<string, number>,
    }));
  }

  async deleteTaskMinutesBefore(before: number): Promise<number> {
    return this.s.deleteTaskMinutesBefore.run({ before }).changes;
  }
}
