import type pg from 'pg';
import {
  type ClaimFor,
  type ClaimOptions,
  type CompleteItem,
  type CompletedColumns,
  type Fence,
  type FinishUpdate,
  type Json,
  type NewTask,
  type ProgressUpdate,
  type RetryManyQuery,
  TaskAlreadyActiveError,
  TaskNotRetryableError,
  type TaskListQuery,
  TaskNotCancellableError,
  TaskNotFoundError,
  type TaskRow,
  type TaskStore,
  type TaskVisibility,
  claimedAtInsert,
  completedRow,
  newTaskRow,
  refusal,
} from '../../engine/index.js';
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';
import { pgTransaction } from './pgTransaction.js';
import { activeListQuery, listQueries } from './postgresTaskList.js';
import { completionRecord, counters, insertOneValues, insertRecord } from './postgresTaskParams.js';
import { type ClaimedRaw, type RawTask, UUID_RE, byClaimOrder, toTaskRow } from './postgresTaskRows.js';

/** The statements of the store, one file each in sql/tasks/ (its header names the parameters), read at load. */
const SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'tasks'), [
  'insertTask',
  'insertTaskClaimed',
  'insertTasks',
  'insertTasksClaimed',
  'activeSingleton',
  'getTask',
  'claimTasks',
  'startTask',
  'setProgress',
  'saveCheckpoint',
  'completeTask',
  'completeTasks',
  'completeTasksKnown',
  'failTask',
  'markCancelled',
  'requestCancel',
  'releaseTasks',
  'renewLeases',
  'recoverAbandoned',
  'handBackTask',
  'notifyPending',
  'listLeaseOwners',
  'deleteFinishedBefore',
  'retryLater',
  'retryFinished',
  'retryFinishedMany',
  'nextRunAt',
  'findIdempotent',
  'releaseIdempotencyKey',
  'insertTaskIdempotent',
]);

/** Task storage on PostgreSQL: each transition is one guarded UPDATE ... RETURNING. */
export class PostgresTaskStore implements TaskStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    /** Connections for claims only (asynchronous commit). */
    private readonly claimPool: pg.Pool = pool,
  ) {}

  private async rows(sql: string, params: unknown[]): Promise<RawTask[]> {
    return (await this.pool.query<RawTask>(sql, params)).rows;
  }

  async insertTasks(tasks: readonly NewTask[], claimFor?: ClaimFor): Promise<TaskRow[]> {
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
          : { name: 'taskcast_insert_one', text: SQL.insertTask, values: [...values, this.channel, ...timing] };
        inserted = (await this.pool.query(one)).rows[0];
      } else {
        const records = JSON.stringify(tasks.map(insertRecord));
        inserted = claimFor
          ? (await this.pool.query(SQL.insertTasksClaimed, [records, claimFor.leaseOwner, claimFor.leaseMs])).rows[0]
          : (await this.pool.query(SQL.insertTasks, [records, this.channel])).rows[0];
      }
    } catch (err) {
      throw await this.singletonTaken(err, tasks);
    }
    const { created_at, run_at, expires } = inserted;
    const rows = tasks.map((t) => (run_at ? { ...newTaskRow(t, created_at), run_at } : newTaskRow(t, created_at)));
    return (claimFor ? rows.map((r) => claimedAtInsert(r, claimFor.leaseOwner, expires!)) : rows).sort((a, b) =>
      a.task_id < b.task_id ? -1 : 1,
    );
  }

  async getTask(taskId: string): Promise<TaskRow | null> {
    if (!UUID_RE.test(taskId)) return null;
    const [r] = await this.rows(SQL.getTask, [taskId]);
    return r ? toTaskRow(r) : null;
  }

  async listTasks(query: TaskListQuery): Promise<{ tasks: TaskRow[]; total: number }> {
    const { page, count } = listQueries(query);
    const [rows, n] = await Promise.all([this.rows(...page), this.pool.query<{ n: number }>(...count)]);
    return { tasks: rows.map(toTaskRow), total: n.rows[0]!.n };
  }

  async listActiveTasks(visibility?: TaskVisibility): Promise<TaskRow[]> {
    return (await this.rows(...activeListQuery(visibility))).map(toTaskRow);
  }

  async claimTasks(o: ClaimOptions): Promise<TaskRow[]> {
    if (o.limit <= 0 || o.types.length === 0) return [];
    const rows = (await this.claimPool.query<ClaimedRaw>(SQL.claimTasks, [o.leaseOwner, o.leaseMs, o.types, o.limit])).rows;
    return rows.sort(byClaimOrder).map(toTaskRow);
  }

  async startTask(taskId: string, leaseOwner: string, leaseMs: number): Promise<TaskRow> {
    if (!UUID_RE.test(taskId)) throw new TaskNotFoundError(taskId);
    return this.guarded(taskId, 'start', undefined, SQL.startTask, [taskId, leaseOwner, leaseMs]);
  }

  async setProgress(taskId: string, u: ProgressUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'update progress of', fence, SQL.setProgress, counters(taskId, u, fence));
  }

  async saveCheckpoint(taskId: string, u: ProgressUpdate, checkpoint: Json, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'checkpoint', fence, ...checkpointQuery(taskId, u, checkpoint, fence));
  }

  async completeTask(taskId: string, result: Json, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    const params = [...counters(taskId, u, fence), JSON.stringify(result ?? null)];
    return this.guarded(taskId, 'complete', fence, SQL.completeTask, params);
  }

  async completeTasks(items: readonly CompleteItem[]): Promise<(TaskRow | Error)[]> {
    if (items.length === 0) return [];
    const payload = items.map(completionRecord);
    const valid = items.every((i) => UUID_RE.test(i.taskId));
    const ids = items.map((i) => i.taskId);
    const known = items.every((i) => i.known !== undefined);
    const out: (TaskRow | Error)[] = [];
    if (known && valid) {
      const params = [JSON.stringify(payload), ids];
      const rows = (await this.pool.query<CompletedColumns & { task_id: string }>(SQL.completeTasksKnown, params)).rows;
      const byId = new Map(rows.map((r) => [r.task_id, r]));
      for (const item of items) {
        const r = byId.get(item.taskId);
        out.push(
          r ? completedRow(item.known!, r, item.result) : refusal(item.taskId, 'complete', await this.getTask(item.taskId), item.fence),
        );
      }
      return out;
    }
    const rows = valid ? await this.rows(SQL.completeTasks, [JSON.stringify(payload), ids]) : [];
    const byId = new Map(rows.map((r) => [r.task_id, r]));
    for (const item of items) {
      const r = byId.get(item.taskId);
      out.push(r ? toTaskRow(r) : refusal(item.taskId, 'complete', await this.getTask(item.taskId), item.fence));
    }
    return out;
  }

  async failTask(taskId: string, error: string, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'fail', fence, SQL.failTask, [...counters(taskId, u, fence), error]);
  }

  async markCancelled(taskId: string, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'cancel', fence, SQL.markCancelled, counters(taskId, u, fence));
  }

  async requestCancel(taskId: string): Promise<TaskRow> {
    if (!UUID_RE.test(taskId)) throw new TaskNotFoundError(taskId);
    const [r] = await this.rows(SQL.requestCancel, [taskId]);
    if (r) return toTaskRow(r);
    const current = await this.getTask(taskId);
    if (!current) throw new TaskNotFoundError(taskId);
    if (current.status === 'running') return current; // cancellation already requested
    throw new TaskNotCancellableError(taskId, current.status);
  }

  async releaseTasks(items: readonly { taskId: string; fence: number }[]): Promise<TaskRow[]> {
    if (items.length === 0) return [];
    const rows = (await this.rows(SQL.releaseTasks, [items.map((i) => i.taskId), items.map((i) => i.fence)])).map(toTaskRow);
    this.announcePending(rows);
    return rows;
  }

  async renewLeases(leaseOwner: string, taskIds: readonly string[], leaseMs: number): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const res = await this.pool.query<{ task_id: string; cancel_requested: boolean }>(SQL.renewLeases, [leaseOwner, taskIds, leaseMs]);
    return res.rows.filter((r) => r.cancel_requested).map((r) => r.task_id);
  }

  async recoverAbandoned(error: string, deadOwners: readonly string[]): Promise<TaskRow[]> {
    const rows = (await this.rows(SQL.recoverAbandoned, [error, deadOwners])).map(toTaskRow);
    this.announcePending(rows);
    return rows;
  }

  async handBackTask(taskId: string, u: FinishUpdate, fence: number): Promise<TaskRow> {
    const row = await this.guarded(taskId, 'hand back', fence, SQL.handBackTask, counters(taskId, u, fence));
    this.announcePending([row]);
    return row;
  }

  /**
   * Tasks made pending again (released, handed back, requeued by the reaper) are announced like new ones,
   * so idle runners elsewhere claim them at once instead of at their next poll. Sent after the commit.
   */
  private announcePending(rows: readonly TaskRow[]): void {
    if (rows.some((r) => r.status === 'pending')) void this.pool.query(SQL.notifyPending, [this.channel]).catch(() => {});
  }

  async listLeaseOwners(): Promise<string[]> {
    return (await this.pool.query<{ lease_owner: string }>(SQL.listLeaseOwners)).rows.map((r) => r.lease_owner);
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    return (await this.pool.query(SQL.deleteFinishedBefore, [cutoff])).rowCount ?? 0;
  }

  /** A unique violation on the singleton key as TaskAlreadyActiveError naming the active task; other errors as they are. */
  private async singletonTaken(err: unknown, tasks: readonly NewTask[]): Promise<unknown> {
    const key = tasks.find((t) => t.singleton_key)?.singleton_key;
    if ((err as { code?: string }).code !== '23505' || !key) return err;
    const active = await this.pool.query<{ task_id: string }>(SQL.activeSingleton, [key]);
    return new TaskAlreadyActiveError(key, active.rows[0]?.task_id ?? null);
  }

  async retryLater(taskId: string, error: string, u: FinishUpdate, fence: number, delayMs: number): Promise<TaskRow> {
    const row = await this.guarded(taskId, 'retry', fence, SQL.retryLater, [...counters(taskId, u, fence), error, delayMs]);
    this.announcePending([row]);
    return row;
  }

  async retryFinished(taskId: string): Promise<TaskRow> {
    if (!UUID_RE.test(taskId)) throw new TaskNotFoundError(taskId);
    const [r] = await this.rows(SQL.retryFinished, [taskId]);
    if (r) return toTaskRow(r);
    const current = await this.getTask(taskId);
    throw current ? new TaskNotRetryableError(taskId, current.status) : new TaskNotFoundError(taskId);
  }

  async retryFinishedMany(q: RetryManyQuery): Promise<TaskRow[]> {
    const rows = (await this.rows(SQL.retryFinishedMany, [q.status, q.taskType ?? null, q.limit, q.perSecond])).map(toTaskRow);
    this.announcePending(rows);
    return rows.sort((a, b) => (a.task_id < b.task_id ? -1 : 1));
  }

  async nextRunAt(types: readonly string[]): Promise<Date | null> {
    if (types.length === 0) return null;
    const at = (await this.claimPool.query<{ at: string | null }>(SQL.nextRunAt, [types])).rows[0]?.at;
    return at ? new Date(at) : null;
  }

  async insertIdempotent(task: NewTask & { idempotency_key: string }, windowMs: number): Promise<{ row: TaskRow; created: boolean }> {
    const [values, timing] = insertOneValues(task);
    try {
      return await pgTransaction(this.pool, 'BEGIN', async (c) => {
        const [found] = (
          await c.query<RawTask & { reusable: boolean }>(SQL.findIdempotent, [task.task_type, task.idempotency_key, windowMs])
        ).rows;
        if (found?.reusable) return { row: toTaskRow(found), created: false };
        if (found) await c.query(SQL.releaseIdempotencyKey, [found.task_id]);
        const [ins] = (
          await c.query<{ created_at: string; run_at: string }>(SQL.insertTaskIdempotent, [
            ...values,
            this.channel,
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
      throw await this.singletonTaken(err, [task]);
    }
  }

  private async guarded(taskId: string, action: string, fence: Fence, sql: string, params: unknown[]): Promise<TaskRow> {
    if (!UUID_RE.test(taskId)) throw new TaskNotFoundError(taskId);
    const [r] = await this.rows(sql, params);
    if (r) return toTaskRow(r);
    throw refusal(taskId, action, await this.getTask(taskId), fence);
  }
}

/**
 * The guarded checkpoint UPDATE of saveCheckpoint (RETURNING the task row) and its parameters, for a caller
 * that runs it on its own transaction's client (a sync batch). No row back means the guard refused it.
 */
export function checkpointQuery(taskId: string, u: ProgressUpdate, checkpoint: Json, fence: Fence): [string, unknown[]] {
  return [SQL.saveCheckpoint, [...counters(taskId, u, fence), JSON.stringify(checkpoint)]];
}
