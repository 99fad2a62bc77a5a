/** The schedules (issue 12) on PostgreSQL: rows in `schedules`, due-ness by the database's clock (docs/schedules.md). */
import type pg from 'pg';
import type {
  DueSchedule,
  FireDecision,
  FireResult,
  NewSchedule,
  NextDue,
  SchedulePatch,
  ScheduleRow,
  ScheduleStore,
} from '../../schedules/port.js';
import { fireSchedule } from './postgresScheduleFire.js';
import { type RawSchedule, insertScheduleValues, toScheduleRow } from './postgresScheduleRows.js';
import { SCHEDULE_SQL as SQL } from './postgresScheduleStatements.js';
import { UUID_RE } from './postgresTaskRows.js';

/**
 * ScheduleStore on PostgreSQL. Inserts, edits and deletes notify `scheduleChannel` (the schedule's id), which
 * openPostgres's watchSchedules listens on; a pass's inserted tasks notify `taskChannel`, the runners'.
 * An id that is not a UUID names no schedule (and is not sent: the uuid column would refuse it).
 */
export class PostgresScheduleStore implements ScheduleStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly taskChannel: string,
    private readonly scheduleChannel: string,
  ) {}

  async insertSchedule(schedule: NewSchedule): Promise<ScheduleRow> {
    const { rows } = await this.pool.query<RawSchedule>(SQL.insertSchedule, [...insertScheduleValues(schedule), this.scheduleChannel]);
    return toScheduleRow(rows[0]!);
  }

  async getSchedule(id: string): Promise<ScheduleRow | null> {
    if (!UUID_RE.test(id)) return null;
    const { rows } = await this.pool.query<RawSchedule>(SQL.getSchedule, [id]);
    return rows[0] ? toScheduleRow(rows[0]) : null;
  }

  async listSchedules(): Promise<ScheduleRow[]> {
    return (await this.pool.query<RawSchedule>(SQL.listSchedules)).rows.map(toScheduleRow);
  }

  async updateSchedule(id: string, expectedVersion: number, patch: SchedulePatch): Promise<ScheduleRow | null> {
    if (!UUID_RE.test(id)) return null;
    const { rows } = await this.pool.query<RawSchedule>(SQL.updateSchedule, [
      id,
      expectedVersion,
      JSON.stringify(patch),
      this.scheduleChannel,
    ]);
    return rows[0] ? toScheduleRow(rows[0]) : null;
  }

  async deleteSchedule(id: string): Promise<boolean> {
    if (!UUID_RE.test(id)) return false;
    return (await this.pool.query(SQL.deleteSchedule, [id, this.scheduleChannel])).rowCount === 1;
  }

  async recordManualRun(id: string, taskId: string): Promise<boolean> {
    if (!UUID_RE.test(id)) return false;
    return (await this.pool.query(SQL.recordManualRun, [id, taskId])).rowCount === 1;
  }

  async now(): Promise<Date> {
    const { rows } = await this.pool.query<{ now: string }>(SQL.databaseNow);
    return new Date(rows[0]!.now);
  }

  async nextDue(): Promise<NextDue | null> {
    const { rows } = await this.pool.query<{ at: string | null; in_ms: number | null }>(SQL.nextDue);
    const { at, in_ms } = rows[0]!;
    return at === null ? null : { at: new Date(at), inMs: in_ms! };
  }

  async dueSchedules(limit: number): Promise<string[]> {
    return (await this.pool.query<{ id: string }>(SQL.dueSchedules, [limit])).rows.map((r) => r.id);
  }

  async fire(id: string, decide: (due: DueSchedule) => FireDecision): Promise<FireResult | null> {
    if (!UUID_RE.test(id)) return null;
    return fireSchedule(this.pool, this.taskChannel, id, decide);
  }
}
