/** A pass firing one schedule on PostgreSQL: lock, decide, insert the tick's tasks, advance — one transaction. */
import type pg from 'pg';
import { type NewTask, type TaskRow, newTaskRow } from '../../engine/index.js';
import type { DueSchedule, FireDecision, FireResult } from '../../schedules/port.js';
import { pgTransaction } from './pgTransaction.js';
import { type RawSchedule, toScheduleRow } from './postgresScheduleRows.js';
import { SCHEDULE_SQL } from './postgresScheduleStatements.js';
import { insertOneValues } from './postgresTaskParams.js';
import { SQL } from './postgresTaskStatements.js';

/**
 * See ScheduleStore.fire. The row is locked with SKIP LOCKED, so of two nodes firing one schedule at once the
 * second finds no row (or, once the first committed, a schedule no longer due) and `decide` runs once.
 * `taskChannel` is the runners' channel: the inserted tasks wake them at commit, as an enqueue does. A pass whose
 * ticks made no task (FireDecision.missed) records a `schedule_missed` event when an enabled rule wants one.
 */
export async function fireSchedule(
  pool: pg.Pool,
  taskChannel: string,
  id: string,
  decide: (due: DueSchedule) => FireDecision,
): Promise<FireResult | null> {
  return pgTransaction(pool, 'BEGIN', async (c) => {
    const [locked] = (await c.query<RawSchedule & { db_now: string }>(SCHEDULE_SQL.lockDueSchedule, [id])).rows;
    if (!locked) return null;
    const decision = decide({ row: toScheduleRow(locked), now: new Date(locked.db_now) });
    const created: TaskRow[] = [];
    for (const task of decision.tasks) {
      const row = await insertScheduledTask(c, taskChannel, task);
      if (row) created.push(row);
    }
    const [advanced] = (
      await c.query<RawSchedule>(SCHEDULE_SQL.advanceSchedule, [
        id,
        decision.next_run_at,
        decision.last_run_at,
        decision.queued_for,
        decision.last_error,
        decision.skipped,
        created.at(-1)?.task_id ?? null,
      ])
    ).rows;
    const schedule = toScheduleRow(advanced!);
    if (decision.missed > 0) {
      // Ticks that made no task: a schedule_missed event, if a rule wants one (issue 15), in this transaction.
      const detail = { schedule_id: id, name: schedule.name, skipped: decision.missed };
      await c.query(SCHEDULE_SQL.recordScheduleMissed, [
        `missed:${id}:${schedule.last_run_at ?? locked.db_now}`,
        schedule.task_type,
        JSON.stringify(detail),
      ]);
    }
    return { schedule, created };
  });
}

/** One task of a decision, as stored; null when a unique index (the tick's key, a singleton's) refused it. */
async function insertScheduledTask(c: pg.PoolClient, channel: string, task: NewTask): Promise<TaskRow | null> {
  const [values, timing] = insertOneValues(task);
  const [ins] = (
    await c.query<{ created_at: string; run_at: string }>(SQL.insertScheduledTask, [
      ...values,
      channel,
      ...timing,
      task.idempotency_key ?? null,
    ])
  ).rows;
  return ins ? { ...newTaskRow(task, ins.created_at), run_at: ins.run_at } : null;
}
