/** The inserts of the PostgreSQL task store: new tasks (pending or claimed at insert), and one under an idempotency key. */
import type pg from 'pg';
import { type ClaimFor, type NewTask, TaskAlreadyActiveError, type TaskRow, claimedAtInsert, newTaskRow } from '../../engine/index.js';
import { pgTransaction } from './pgTransaction.js';
import { insertOneValues, insertRecord } from './postgresTaskParams.js';
import { type RawTask, toTaskRow } from './postgresTaskRows.js';
import { SQL } from './postgresTaskStatements.js';

/** See TaskStore.insertTasks: one statement (a prepared one for a single task), no rows read back. */
export async function insertTasks(pool: pg.Pool, channel: string, tasks: readonly NewTask[], claimFor?: ClaimFor): Promise<TaskRow[]> {
  if (tasks.length === 0) return [];
  let inserted: { created_at: string; run_at?: string; expires?: string };
  try {
    // Every column of a new row is known here but the time; reading the rows back cost more than the insert.
    if (tasks.length === 1) {
      const [values, timing] = insertOneValues(tasks[0]!);
      const one = claimFor
        ? {
            name: 'taskcast_insert_one_claimed',
            text: SQL.insertTaskClaimed,
            values: [...values, claimFor.leaseOwner, claimFor.leaseMs, ...timing.slice(1)],
          }
        : { name: 'taskcast_insert_one', text: SQL.insertTask, values: [...values, channel, ...timing] };
      inserted = (await pool.query(one)).rows[0];
    } else {
      const records = JSON.stringify(tasks.map(insertRecord));
      inserted = claimFor
        ? (await pool.query(SQL.insertTasksClaimed, [records, claimFor.leaseOwner, claimFor.leaseMs])).rows[0]
        : (await pool.query(SQL.insertTasks, [records, channel])).rows[0];
    }
  } catch (err) {
    throw await singletonTaken(pool, err, tasks);
  }
  const { created_at, run_at, expires } = inserted;
  const rows = tasks.map((t) => (run_at ? { ...newTaskRow(t, created_at), run_at } : newTaskRow(t, created_at)));
  return (claimFor ? rows.map((r) => claimedAtInsert(r, claimFor.leaseOwner, expires!)) : rows).sort((a, b) =>
    a.task_id < b.task_id ? -1 : 1,
  );
}

/**
 * See TaskStore.insertIdempotent: the lookup (locking the row that holds the key), the release of an expired key
 * and the insert in one transaction; ON CONFLICT DO NOTHING waits for a concurrent insert of the same key and
 * then yields to it.
 */
export async function insertIdempotent(
  pool: pg.Pool,
  channel: string,
  task: NewTask & { idempotency_key: string },
  windowMs: number,
): Promise<{ row: TaskRow; created: boolean }> {
  const [values, timing] = insertOneValues(task);
  try {
    return await pgTransaction(pool, 'BEGIN', async (c) => {
      const [found] = (await c.query<RawTask & { reusable: boolean }>(SQL.findIdempotent, [task.task_type, task.idempotency_key, windowMs]))
        .rows;
      if (found?.reusable) return { row: toTaskRow(found), created: false };
      if (found) await c.query(SQL.releaseIdempotencyKey, [found.task_id]);
      const [ins] = (
        await c.query<{ created_at: string; run_at: string }>(SQL.insertTaskIdempotent, [
          ...values,
          channel,
          ...timing,
          task.idempotency_key,
        ])
      ).rows;
      if (ins) return { row: { ...newTaskRow(task, ins.created_at), run_at: ins.run_at }, created: true };
      // Another enqueue inserted it first (and committed: ON CONFLICT waited for it).
      const [other] = (await c.query<RawTask>(SQL.findIdempotent, [task.task_type, task.idempotency_key, windowMs])).rows;
      return { row: toTaskRow(other!), created: false };
    });
  } catch (err) {
    throw await singletonTaken(pool, err, [task]);
  }
}

/** A unique violation on the singleton key as TaskAlreadyActiveError naming the active task; other errors as they are. */
async function singletonTaken(pool: pg.Pool, err: unknown, tasks: readonly NewTask[]): Promise<unknown> {
  const key = tasks.find((t) => t.singleton_key)?.singleton_key;
  if ((err as { code?: string }).code !== '23505' || !key) return err;
  const active = await pool.query<{ task_id: string }>(SQL.activeSingleton, [key]);
  return new TaskAlreadyActiveError(key, active.rows[0]?.task_id ?? null);
}
