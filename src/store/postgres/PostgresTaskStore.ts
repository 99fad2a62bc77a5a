import type pg from 'pg';
import {
  type ActiveTaskCount,
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
  type TaskListPage,
  TaskNotCancellableError,
  TaskNotFoundError,
  type TaskRow,
  type TaskStore,
  type TaskVisibility,
  completedRow,
  refusal,
  type StoreTaskListQuery,
} from '../../engine/index.js';
import { SQL } from './postgresTaskStatements.js';
import { insertIdempotent, insertTasks } from './postgresTaskInserts.js';
import { retryMany, retryOne } from './postgresTaskRetries.js';
import { activeListQuery, listQueries } from './postgresTaskList.js';
import { completionRecord, counters } from './postgresTaskParams.js';
import { type ClaimedRaw, type RawTask, UUID_RE, byClaimOrder, toTaskRow } from './postgresTaskRows.js';

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
    return insertTasks(this.pool, this.channel, tasks, claimFor);
  }

  async getTask(taskId: string): Promise<TaskRow | null> {
    if (!UUID_RE.test(taskId)) return null;
    const [r] = await this.rows(SQL.getTask, [taskId]);
    return r ? toTaskRow(r) : null;
  }

  async listTasks(query: StoreTaskListQuery): Promise<TaskListPage<TaskRow>> {
    const cap = query.countCap;
    const { page, count } = listQueries(query, cap === undefined ? null : query.offset + cap + 1);
    const [rows, counted] = await Promise.all([this.rows(...page), this.pool.query<{ n: number }>(...count)]);
    const n = counted.rows[0]!.n;
    const capped = cap !== undefined && n > query.offset + cap;
    return { tasks: rows.map(toTaskRow), total: capped ? query.offset + cap : n, totalCapped: capped };
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
    const pending = rows.filter((r) => r.status === 'pending');
    if (pending.length === 0) return;
    // Tasks all waiting for a later time (retries) are announced with the earliest, so runners arm a timer; '?'
    // when some are due and some wait (runners then claim and ask the store for the rest); '' when all are due.
    const now = Date.now();
    const times = pending.map((r) => Date.parse(r.run_at));
    const first = Math.min(...times);
    const payload = first > now ? String(first) : Math.max(...times) > now ? '?' : '';
    void this.pool.query(SQL.notifyPending, [this.channel, payload]).catch(() => {});
  }

  async listLeaseOwners(): Promise<string[]> {
    return (await this.pool.query<{ lease_owner: string }>(SQL.listLeaseOwners)).rows.map((r) => r.lease_owner);
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    return (await this.pool.query(SQL.deleteFinishedBefore, [cutoff])).rowCount ?? 0;
  }

  async retryLater(taskId: string, error: string, u: FinishUpdate, fence: number, delayMs: number): Promise<TaskRow> {
    const row = await this.guarded(taskId, 'retry', fence, SQL.retryLater, [...counters(taskId, u, fence), error, delayMs]);
    this.announcePending([row]);
    return row;
  }

  async retryFinished(taskId: string): Promise<TaskRow> {
    if (!UUID_RE.test(taskId)) throw new TaskNotFoundError(taskId);
    const row = await retryOne(this.pool, taskId, 0);
    this.announcePending([row]);
    return row;
  }

  async retryFinishedMany(q: RetryManyQuery): Promise<TaskRow[]> {
    const rows = await retryMany(this.pool, q);
    this.announcePending(rows);
    return rows;
  }

  async nextRunAt(types: readonly string[]): Promise<{ runAt: Date; inMs: number } | null> {
    if (types.length === 0) return null;
    const r = (await this.claimPool.query<{ at: string | null; in_ms: number }>(SQL.nextRunAt, [types])).rows[0];
    return r?.at ? { runAt: new Date(r.at), inMs: r.in_ms } : null;
  }

  async countActiveTasks(): Promise<ActiveTaskCount[]> {
    return (await this.claimPool.query<ActiveTaskCount>(SQL.countActiveTasks)).rows;
  }

  async insertIdempotent(task: NewTask & { idempotency_key: string }, windowMs: number): Promise<{ row: TaskRow; created: boolean }> {
    return insertIdempotent(this.pool, this.channel, task, windowMs);
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
