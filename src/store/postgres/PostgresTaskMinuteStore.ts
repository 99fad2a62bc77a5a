/** The per-minute figures of the tasks (issue 14, migration 011) on PostgreSQL: one statement per file in sql/taskMinutes/. */
import type pg from 'pg';
import type { FigureRow, QueueCount, TaskMinute, TaskMinuteStore } from '../../monitoring/port.js';
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';
import { pgTransaction } from './pgTransaction.js';

const SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'taskMinutes'), [
  'computeTaskFigures',
  'queueCounts',
  'taskMinutesState',
  'advanceTaskMinutes',
  'insertTaskMinutes',
  'listTaskMinutes',
  'deleteTaskMinutesBefore',
]);

/** bigint columns come back as text: every figure as a number. */
const num = (v: unknown): number => Number(v);

/** TaskMinuteStore on PostgreSQL; times are judged by the database's clock, shared by every node. */
export class PostgresTaskMinuteStore implements TaskMinuteStore {
  constructor(private readonly pool: pg.Pool) {}

  async taskMinutesState(): Promise<{ now: number; doneUntil: number | null }> {
    const row = (await this.pool.query<{ now: string; done_until: string | null }>(SQL.taskMinutesState)).rows[0]!;
    return { now: num(row.now), doneUntil: row.done_until === null ? null : num(row.done_until) };
  }

  async computeTaskFigures(from: number, to: number): Promise<FigureRow[]> {
    const { rows } = await this.pool.query<FigureRow>(SQL.computeTaskFigures, [from, to]);
    return rows.map((r) => ({ ...r, minute: num(r.minute), n: num(r.n), sum_ms: num(r.sum_ms) }));
  }

  async queueCounts(): Promise<QueueCount[]> {
    return (await this.pool.query<QueueCount>(SQL.queueCounts)).rows;
  }

  async insertTaskMinutes(rows: readonly TaskMinute[], doneUntil: number | null, until: number): Promise<boolean> {
    return pgTransaction(this.pool, 'BEGIN', async (c) => {
      // The compare-and-set first: its row lock makes a second node computing the same minutes wait, then find it moved.
      if ((await c.query(SQL.advanceTaskMinutes, [until, doneUntil])).rowCount !== 1) return false;
      if (rows.length > 0) await c.query(SQL.insertTaskMinutes, [JSON.stringify(rows)]);
      return true;
    });
  }

  async listTaskMinutes(from: number, to: number): Promise<TaskMinute[]> {
    const { rows } = await this.pool.query<TaskMinute>(SQL.listTaskMinutes, [from, to]);
    return rows.map((r) => ({ ...r, minute: num(r.minute), wait_sum_ms: num(r.wait_sum_ms), run_sum_ms: num(r.run_sum_ms) }));
  }

  async deleteTaskMinutesBefore(before: number): Promise<number> {
    return (await this.pool.query(SQL.deleteTaskMinutesBefore, [before])).rowCount ?? 0;
  }
}
