import type Database from 'better-sqlite3';
import { type TaskRow, newTaskRow } from '../../engine/index.js';
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
import { insertScheduleParams, type LockedRaw, patchParams, type RawSchedule, toMs, toScheduleRow } from './sqliteScheduleRows.js';
import { prepareScheduleStatements, type ScheduleStatements } from './sqliteScheduleStatements.js';
import { insertParams } from './sqliteTaskParams.js';

/**
 * Schedules on SQLite. Every time is SQLite's own clock (the machine of the database file), never Date.now, so a
 * process whose clock is off still fires each tick when the others would. A pass (fire) is one BEGIN IMMEDIATE
 * transaction: SQLite's single writer is the lock, so of the passes of every process at most one finds the
 * schedule still due, and it inserts the tick's tasks and advances the schedule before any other can look. A pass
 * whose ticks made no task (FireDecision.missed) records a `schedule_missed` event in the same transaction when an
 * enabled rule wants one.
 */
export class SqliteScheduleStore implements ScheduleStore {
  private s!: ScheduleStatements;

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    this.s = prepareScheduleStatements(this.db);
  }

  async insertSchedule(schedule: NewSchedule): Promise<ScheduleRow> {
    return toScheduleRow(this.s.insertSchedule.get(insertScheduleParams(schedule)) as RawSchedule);
  }

  async getSchedule(id: string): Promise<ScheduleRow | null> {
    const r = this.s.getSchedule.get(id) as RawSchedule | undefined;
    return r ? toScheduleRow(r) : null;
  }

  async listSchedules(): Promise<ScheduleRow[]> {
    return (this.s.listSchedules.all() as RawSchedule[]).map(toScheduleRow);
  }

  async updateSchedule(id: string, expectedVersion: number, patch: SchedulePatch): Promise<ScheduleRow | null> {
    const r = this.s.updateSchedule.get(patchParams(id, expectedVersion, patch)) as RawSchedule | undefined;
    return r ? toScheduleRow(r) : null;
  }

  async deleteSchedule(id: string): Promise<boolean> {
    return this.s.deleteSchedule.run(id).changes > 0;
  }

  async recordManualRun(id: string, taskId: string): Promise<boolean> {
    return this.s.recordManualRun.run({ id, task_id: taskId }).changes > 0;
  }

  async now(): Promise<Date> {
    return new Date(this.s.now.pluck().get() as number);
  }

  async nextDue(): Promise<NextDue | null> {
    const r = this.s.nextDue.get() as { at: number | null; now: number };
    return r.at === null ? null : { at: new Date(r.at), inMs: r.at - r.now };
  }

  async dueSchedules(limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    return this.s.dueSchedules.pluck().all({ limit }) as string[];
  }

  async fire(id: string, decide: (due: DueSchedule) => FireDecision): Promise<FireResult | null> {
    const pass = this.db.transaction((): FireResult | null => {
      const locked = this.s.lockDue.get(id) as LockedRaw | undefined;
      if (!locked) return null;
      const { db_now: now, ...raw } = locked;
      const decision = decide({ row: toScheduleRow(raw), now: new Date(now) });
      const createdAt = new Date(now).toISOString();
      const created: TaskRow[] = [];
      for (const task of decision.tasks) {
        // A task meeting a unique key (the tick's, a singleton's) is left out: changes = 0.
        if (this.s.insertScheduledTask.run(insertParams(task, now)).changes > 0) created.push(newTaskRow(task, createdAt));
      }
      const advanced = this.s.advanceSchedule.get({
        id,
        next_run_at: toMs(decision.next_run_at),
        queued_for: toMs(decision.queued_for),
        last_run_at: toMs(decision.last_run_at),
        last_task_id: created.at(-1)?.task_id ?? null,
        last_error: decision.last_error,
        skipped: decision.skipped,
      }) as RawSchedule;
      const schedule = toScheduleRow(advanced);
      if (decision.missed > 0) {
        // Ticks that made no task: a schedule_missed event, if a rule wants one (issue 15), in this transaction.
        this.s.recordScheduleMissed.run({
          dedupe_key: `missed:${id}:${schedule.last_run_at ?? createdAt}`,
          task_type: schedule.task_type,
          detail: JSON.stringify({ schedule_id: id, name: schedule.name, skipped: decision.missed }),
          now,
        });
      }
      return { schedule, created };
    });
    return pass.immediate();
  }
}
