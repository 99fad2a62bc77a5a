import type Database from 'better-sqlite3';
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
  claimedAtInsert,
  completedRow,
  newTaskRow,
  refusal,
  type StoreTaskListQuery,
} from '../../engine/index.js';
import { counters, insertParams, json } from './sqliteTaskParams.js';
import { listStatementTexts, whereClause } from './sqliteTaskList.js';
import { type ClaimedRaw, type RawTask, byClaimKey, objectRows, toTaskRow } from './sqliteTaskRows.js';
import { type TaskStatements, prepareTaskStatements } from './sqliteTaskStatements.js';
import { insertEach, insertIdempotent } from './sqliteTaskInserts.js';
import { retryMany, retryOne } from './sqliteTaskRetries.js';

/** Task storage on SQLite: each transition is one guarded UPDATE ... RETURNING. */
export class SqliteTaskStore implements TaskStore {
  private s!: TaskStatements;
  /** claimTasks.sql's rows as objects (objectRows: cheaper than better-sqlite3's own for its 26 columns). */
  private claimRows!: (params: object) => ClaimedRaw[];
  private listCache = new Map<string, { rows: (params: object) => RawTask[]; count: Database.Statement }>();

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    this.s = prepareTaskStatements(this.db);
    this.claimRows = objectRows<ClaimedRaw>(this.s.claimTasks);
  }

  async insertTasks(tasks: readonly NewTask[], claimFor?: ClaimFor): Promise<TaskRow[]> {
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    if (claimFor) {
      const expires = now + claimFor.leaseMs;
      const expiresAt = new Date(expires).toISOString();
      const params = { now, owner: claimFor.leaseOwner, expires };
      return insertEach(
        this.db,
        this.s,
        tasks,
        (t) => this.s.insertTaskClaimed.run({ ...insertParams(t, now), ...params }),
        (t) => claimedAtInsert(newTaskRow(t, createdAt), claimFor.leaseOwner, expiresAt),
      );
    }
    return insertEach(
      this.db,
      this.s,
      tasks,
      (t) => this.s.insertTask.run(insertParams(t, now)),
      (t) => newTaskRow(t, createdAt),
    );
  }

  async insertIdempotent(task: NewTask & { idempotency_key: string }, windowMs: number): Promise<{ row: TaskRow; created: boolean }> {
    return insertIdempotent(this.db, this.s, task, windowMs);
  }

  async getTask(taskId: string): Promise<TaskRow | null> {
    const r = this.s.getTask.get(taskId);
    return r ? toTaskRow(r) : null;
  }

  async listTasks(query: StoreTaskListQuery): Promise<TaskListPage<TaskRow>> {
    const sql = listStatementTexts(query);
    const stmts = this.listStatements(sql.rows, sql.count);
    const cap = query.countCap;
    const n = (stmts.count.pluck().get({ ...sql.params, countLimit: cap === undefined ? -1 : query.offset + cap + 1 }) as number) ?? 0;
    const rows = stmts.rows({ ...sql.params, limit: query.limit, offset: query.offset });
    const capped = cap !== undefined && n > query.offset + cap;
    return { tasks: rows.map(toTaskRow), total: capped ? query.offset + cap : n, totalCapped: capped };
  }

  async listActiveTasks(visibility?: TaskVisibility): Promise<TaskRow[]> {
    const { where, params } = whereClause({}, visibility, `status IN ('pending', 'running')`);
    return this.listStatements(`SELECT * FROM tasks ${where} ORDER BY task_id DESC`).rows(params).map(toTaskRow);
  }

  /** The list statements of these texts, prepared the first time they are seen. */
  private listStatements(rows: string, count = 'SELECT 0') {
    const key = `${rows}\n${count}`;
    let stmts = this.listCache.get(key);
    if (!stmts) {
      stmts = { rows: objectRows<RawTask>(this.db.prepare(rows)), count: this.db.prepare(count) };
      this.listCache.set(key, stmts);
    }
    return stmts;
  }

  async claimTasks(o: ClaimOptions): Promise<TaskRow[]> {
    if (o.limit <= 0 || o.types.length === 0) return [];
    const now = Date.now();
    const params = { now, owner: o.leaseOwner, expires: now + o.leaseMs, types: JSON.stringify(o.types), limit: o.limit };
    return this.claimRows(params).sort(byClaimKey).map(toTaskRow);
  }

  async startTask(taskId: string, leaseOwner: string, leaseMs: number): Promise<TaskRow> {
    const now = Date.now();
    return this.guarded(taskId, 'start', undefined, this.s.startTask.get({ id: taskId, now, owner: leaseOwner, expires: now + leaseMs }));
  }

  async setProgress(taskId: string, u: ProgressUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'update progress of', fence, this.s.setProgress.get(counters(taskId, u, fence)));
  }

  async saveCheckpoint(taskId: string, u: ProgressUpdate, checkpoint: Json, fence?: Fence): Promise<TaskRow> {
    const row = this.checkpointRow(taskId, u, checkpoint, fence);
    if (row) return row;
    throw refusal(taskId, 'checkpoint', await this.getTask(taskId), fence);
  }

  /**
   * The guarded checkpoint UPDATE of {@link saveCheckpoint}, run synchronously so that a caller can put it
   * inside its own transaction (a sync batch); null when the guard refused it.
   */
  checkpointRow(taskId: string, u: ProgressUpdate, checkpoint: Json, fence?: Fence): TaskRow | null {
    const r = this.s.saveCheckpoint.get({ ...counters(taskId, u, fence), checkpoint: json(checkpoint) });
    return r ? toTaskRow(r) : null;
  }

  async completeTask(taskId: string, result: Json, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    const params = { ...counters(taskId, u, fence), result: json(result) };
    return this.guarded(taskId, 'complete', fence, this.s.completeTask.get(params));
  }

  async completeTasks(items: readonly CompleteItem[]): Promise<(TaskRow | Error)[]> {
    const now = Date.now();
    const completedAt = new Date(now).toISOString();
    const completeAll = this.db.transaction(() =>
      items.map((i): TaskRow | undefined => {
        const params = { ...counters(i.taskId, i.update, i.fence), now, result: json(i.result) };
        if (!i.known) {
          const r = this.s.completeTask.get(params);
          return r && toTaskRow(r);
        }
        const r = this.s.completeTaskKnown.get(params) as KnownCompletion | undefined;
        return r && completedRow(i.known, { ...r, cancel_requested: r.cancel_requested === 1, completed_at: completedAt }, i.result);
      }),
    );
    const rows = completeAll.immediate();
    const out: (TaskRow | Error)[] = [];
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      out.push(rows[k] ?? refusal(item.taskId, 'complete', await this.getTask(item.taskId), item.fence));
    }
    return out;
  }

  async failTask(taskId: string, error: string, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'fail', fence, this.s.failTask.get({ ...counters(taskId, u, fence), error }));
  }

  async markCancelled(taskId: string, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'cancel', fence, this.s.markCancelled.get(counters(taskId, u, fence)));
  }

  async requestCancel(taskId: string): Promise<TaskRow> {
    const r = this.s.requestCancel.get({ id: taskId, now: Date.now() });
    if (r) return toTaskRow(r);
    const current = await this.getTask(taskId);
    if (!current) throw new TaskNotFoundError(taskId);
    if (current.status === 'running') return current; // cancellation already requested
    throw new TaskNotCancellableError(taskId, current.status);
  }

  async releaseTasks(items: readonly { taskId: string; fence: number }[]): Promise<TaskRow[]> {
    const releaseAll = this.db.transaction(() => items.flatMap((i) => this.s.releaseTask.all({ id: i.taskId, fence: i.fence })));
    return releaseAll.immediate().map(toTaskRow);
  }

  async renewLeases(leaseOwner: string, taskIds: readonly string[], leaseMs: number): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const params = { owner: leaseOwner, ids: JSON.stringify(taskIds), expires: Date.now() + leaseMs };
    const rows = this.s.renewLeases.all(params) as unknown as { task_id: string; cancel_requested: number }[];
    return rows.filter((r) => r.cancel_requested === 1).map((r) => r.task_id);
  }

  async recoverAbandoned(error: string, deadOwners: readonly string[]): Promise<TaskRow[]> {
    return this.s.recoverAbandoned.all({ error, now: Date.now(), dead: JSON.stringify(deadOwners) }).map(toTaskRow);
  }

  async handBackTask(taskId: string, u: FinishUpdate, fence: number): Promise<TaskRow> {
    return this.guarded(taskId, 'hand back', fence, this.s.handBackTask.get(counters(taskId, u, fence)));
  }

  async listLeaseOwners(): Promise<string[]> {
    return this.s.listLeaseOwners.pluck().all() as unknown as string[];
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    return this.s.deleteFinishedBefore.run(cutoff.getTime()).changes;
  }

  async retryLater(taskId: string, error: string, u: FinishUpdate, fence: number, delayMs: number): Promise<TaskRow> {
    const params = { ...counters(taskId, u, fence), error, delay: Math.max(0, Math.round(delayMs)) };
    return this.guarded(taskId, 'retry', fence, this.s.retryLater.get(params));
  }

  async retryFinished(taskId: string): Promise<TaskRow> {
    return retryOne(this.s, taskId, Date.now());
  }

  async retryFinishedMany(q: RetryManyQuery): Promise<TaskRow[]> {
    return retryMany(this.db, this.s, q);
  }

  async nextRunAt(types: readonly string[]): Promise<{ runAt: Date; inMs: number } | null> {
    if (types.length === 0) return null;
    const at = this.s.nextRunAt.pluck().get({ types: JSON.stringify(types) }) as number | undefined;
    return at === undefined ? null : { runAt: new Date(at), inMs: at - Date.now() };
  }

  async countActiveTasks(): Promise<ActiveTaskCount[]> {
    return this.s.countActiveTasks.all({ now: Date.now() }) as unknown as ActiveTaskCount[];
  }

  private async guarded(taskId: string, action: string, fence: Fence, r: RawTask | undefined): Promise<TaskRow> {
    if (r) return toTaskRow(r);
    throw refusal(taskId, action, await this.getTask(taskId), fence);
  }
}

/** What completeTaskKnown.sql returns: the columns a completion changes, cancel_requested as 0/1. */
type KnownCompletion = Omit<CompletedColumns, 'completed_at' | 'cancel_requested'> & { cancel_requested: number };
