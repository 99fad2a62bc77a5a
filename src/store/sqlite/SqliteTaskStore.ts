import type Database from 'better-sqlite3';
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
  TaskAlreadyActiveError,
  type TaskListQuery,
  TaskNotCancellableError,
  TaskNotFoundError,
  type TaskRow,
  type TaskStatus,
  type TaskStore,
  type TaskVisibility,
  claimedAtInsert,
  completedRow,
  computeProgress,
  newTaskRow,
  refusal,
} from '../../engine/index.js';

/** A tasks row as SQLite returns it. */
interface RawTask {
  task_id: string;
  task_type: string;
  status: TaskStatus;
  total: number | null;
  processed: number;
  message: string | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  result: string | null;
  error: string | null;
  payload: string | null;
  metadata: string;
  checkpoint: string | null;
  user_id: number | null;
  cancel_requested: number;
  attempt: number;
  max_attempts: number;
  priority: number;
  seq: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const parse = (text: string | null): Json => (text === null ? null : (JSON.parse(text) as Json));
const json = (value: Json | undefined): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Converts a SQLite row to the engine's task record. */
export function toTaskRow(r: RawTask): TaskRow {
  return {
    task_id: r.task_id,
    task_type: r.task_type,
    status: r.status,
    progress: computeProgress(r.status, r.processed, r.total),
    total: r.total,
    processed: r.processed,
    message: r.message,
    created_at: iso(r.created_at)!,
    started_at: iso(r.started_at),
    completed_at: iso(r.completed_at),
    result: parse(r.result),
    error: r.error,
    metadata: JSON.parse(r.metadata) as Record<string, Json>,
    user_id: r.user_id,
    cancel_requested: r.cancel_requested === 1,
    attempt: r.attempt,
    max_attempts: r.max_attempts,
    priority: r.priority,
    seq: r.seq,
    payload: parse(r.payload),
    checkpoint: parse(r.checkpoint),
    lease_owner: r.lease_owner,
    lease_expires_at: iso(r.lease_expires_at),
  };
}

const byClaimOrder = (a: TaskRow, b: TaskRow): number =>
  b.priority - a.priority || (a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0);

// A guard shared by every write of a running attempt: the task is running and, when the writer names
// its attempt, the attempt still matches (fencing a runner that lost its lease).
const RUNNING_GUARD = `status = 'running' AND (@fence IS NULL OR attempt = @fence)`;
const SET_COUNTERS = `processed = coalesce(@processed, processed),
  total = CASE WHEN @setTotal = 1 THEN @total ELSE total END,
  message = CASE WHEN @setMessage = 1 THEN @message ELSE message END`;
const END_RUN = `completed_at = @now, lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1`;

type Stmt = Database.Statement<unknown[], RawTask>;

/** Task storage on SQLite: each transition is one guarded UPDATE ... RETURNING. */
export class SqliteTaskStore implements TaskStore {
  private s!: Record<
    | 'insert'
    | 'insertClaimed'
    | 'completeKnown'
    | 'activeSingleton'
    | 'get'
    | 'claim'
    | 'start'
    | 'progress'
    | 'checkpoint'
    | 'complete'
    | 'fail'
    | 'cancelled'
    | 'requestCancel'
    | 'renew'
    | 'release'
    | 'abandoned'
    | 'handBack'
    | 'owners'
    | 'deleteFinished',
    Stmt
  >;
  private listCache = new Map<string, { rows: Stmt; count: Database.Statement }>();

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    const p = (sql: string) => this.db.prepare(sql) as Stmt;
    this.s = {
      insert: p(`INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata,
          user_id, priority, max_attempts, timeout_ms, singleton_key)
        VALUES (@task_id, @task_type, 'pending', @total, @message, @now, @payload, @metadata,
          @user_id, @priority, @max_attempts, @timeout_ms, @singleton_key)`),
      insertClaimed: p(`INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata,
          user_id, priority, max_attempts, timeout_ms, singleton_key, started_at, attempt, lease_owner, lease_expires_at, seq)
        VALUES (@task_id, @task_type, 'running', @total, @message, @now, @payload, @metadata,
          @user_id, @priority, @max_attempts, @timeout_ms, @singleton_key, @now, 1, @owner, @expires, 2)`),
      activeSingleton: p(`SELECT * FROM tasks WHERE singleton_key = ? AND status IN ('pending', 'running')`),
      get: p(`SELECT * FROM tasks WHERE task_id = ?`),
      claim: p(`UPDATE tasks SET status = 'running', started_at = @now, attempt = attempt + 1,
          lease_owner = @owner, lease_expires_at = @expires, seq = seq + 1
        WHERE task_id IN (SELECT task_id FROM tasks INDEXED BY tasks_pending_idx WHERE status = 'pending'
          AND task_type IN (SELECT value FROM json_each(@types)) ORDER BY priority DESC, task_id LIMIT @limit)
        RETURNING *`),
      start: p(`UPDATE tasks SET status = 'running', started_at = @now, attempt = attempt + 1,
          lease_owner = @owner, lease_expires_at = @expires, seq = seq + 1
        WHERE task_id = @id AND status = 'pending' RETURNING *`),
      progress: p(`UPDATE tasks SET ${SET_COUNTERS}, seq = seq + 1 WHERE task_id = @id AND ${RUNNING_GUARD} RETURNING *`),
      checkpoint: p(`UPDATE tasks SET ${SET_COUNTERS}, checkpoint = @checkpoint, seq = seq + 1
        WHERE task_id = @id AND ${RUNNING_GUARD} RETURNING *`),
      complete: p(`UPDATE tasks SET status = 'completed', result = @result, ${SET_COUNTERS}, ${END_RUN}
        WHERE task_id = @id AND ${RUNNING_GUARD} RETURNING *`),
      // The same when the caller knows the row: only what the completion changes comes back.
      completeKnown: p(`UPDATE tasks SET status = 'completed', result = @result, ${SET_COUNTERS}, ${END_RUN}
        WHERE task_id = @id AND ${RUNNING_GUARD} RETURNING seq, cancel_requested, processed, total, message`),
      fail: p(`UPDATE tasks SET status = 'failed', error = @error, ${SET_COUNTERS}, ${END_RUN}
        WHERE task_id = @id AND (status = 'pending' OR ${RUNNING_GUARD}) RETURNING *`),
      cancelled: p(`UPDATE tasks SET status = 'cancelled', cancel_requested = 1, ${SET_COUNTERS}, ${END_RUN}
        WHERE task_id = @id AND ${RUNNING_GUARD} RETURNING *`),
      requestCancel: p(`UPDATE tasks SET cancel_requested = 1, seq = seq + 1,
          status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
          completed_at = CASE WHEN status = 'pending' THEN @now ELSE completed_at END
        WHERE task_id = @id AND (status = 'pending' OR (status = 'running' AND cancel_requested = 0)) RETURNING *`),
      release: p(`UPDATE tasks SET status = 'pending', attempt = attempt - 1, started_at = NULL, lease_owner = NULL,
          lease_expires_at = NULL, seq = seq + 1
        WHERE task_id = @id AND status = 'running' AND attempt = @fence RETURNING *`),
      renew: p(`UPDATE tasks SET lease_expires_at = @expires
        WHERE status = 'running' AND lease_owner = @owner AND task_id IN (SELECT value FROM json_each(@ids))
        RETURNING task_id, cancel_requested`),
      abandoned: p(`UPDATE tasks SET
          status = CASE WHEN cancel_requested = 1 THEN 'cancelled' WHEN attempt < max_attempts THEN 'pending' ELSE 'failed' END,
          error = CASE WHEN cancel_requested = 0 AND attempt >= max_attempts THEN @error ELSE error END,
          completed_at = CASE WHEN cancel_requested = 0 AND attempt < max_attempts THEN NULL ELSE @now END,
          lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1
        WHERE status = 'running' AND (lease_expires_at < @now OR lease_owner IN (SELECT value FROM json_each(@dead)))
        RETURNING *`),
      handBack: p(`UPDATE tasks SET status = 'pending', ${SET_COUNTERS}, max_attempts = max_attempts + 1,
          lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1
        WHERE task_id = @id AND ${RUNNING_GUARD} RETURNING *`),
      owners: p(`SELECT DISTINCT lease_owner FROM tasks WHERE status = 'running' AND lease_owner IS NOT NULL`),
      deleteFinished: p(`DELETE FROM tasks WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < ?`),
    };
  }

  async insertTasks(tasks: readonly NewTask[], claimFor?: ClaimFor): Promise<TaskRow[]> {
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    if (claimFor) {
      const expires = now + claimFor.leaseMs;
      const expiresAt = new Date(expires).toISOString();
      const params = { now, owner: claimFor.leaseOwner, expires };
      return this.insertWith(
        tasks,
        (t) => this.s.insertClaimed.run({ ...this.insertParams(t, now), ...params }),
        (t) => claimedAtInsert(newTaskRow(t, createdAt), claimFor.leaseOwner, expiresAt),
      );
    }
    return this.insertWith(
      tasks,
      (t) => this.s.insert.run(this.insertParams(t, now)),
      (t) => newTaskRow(t, createdAt),
    );
  }

  private insertParams(t: NewTask, now: number) {
    return { ...t, now, payload: json(t.payload), metadata: JSON.stringify(t.metadata ?? {}), singleton_key: t.singleton_key ?? null };
  }

  private insertWith(tasks: readonly NewTask[], insert: (t: NewTask) => unknown, row: (t: NewTask) => TaskRow): TaskRow[] {
    // No RETURNING: every column of a new row is known here, and building it in JS is several times
    // cheaper than reading it back (this is the bulk-enqueue path).
    const insertAll = this.db.transaction(() =>
      tasks.map((t): TaskRow => {
        insert(t);
        return row(t);
      }),
    );
    try {
      return insertAll.immediate();
    } catch (err) {
      const key = tasks.find((t) => t.singleton_key)?.singleton_key;
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && key) {
        throw new TaskAlreadyActiveError(key, this.s.activeSingleton.get(key)?.task_id ?? null);
      }
      throw err;
    }
  }

  async getTask(taskId: string): Promise<TaskRow | null> {
    const r = this.s.get.get(taskId);
    return r ? toTaskRow(r) : null;
  }

  async listTasks(query: TaskListQuery): Promise<{ tasks: TaskRow[]; total: number }> {
    const { where, params } = whereClause(query, query.visibility);
    const stmts = this.listStatements(where);
    const total = (stmts.count.pluck().get(params) as number) ?? 0;
    const rows = stmts.rows.all({ ...params, limit: query.limit, offset: query.offset });
    return { tasks: rows.map(toTaskRow), total };
  }

  async listActiveTasks(visibility?: TaskVisibility): Promise<TaskRow[]> {
    const { where, params } = whereClause({}, visibility, `status IN ('pending', 'running')`);
    const stmts = this.listStatements(where);
    return stmts.rows.all({ ...params, limit: -1, offset: 0 }).map(toTaskRow);
  }

  private listStatements(where: string) {
    let stmts = this.listCache.get(where);
    if (!stmts) {
      stmts = {
        rows: this.db.prepare(`SELECT * FROM tasks ${where} ORDER BY task_id DESC LIMIT @limit OFFSET @offset`) as Stmt,
        count: this.db.prepare(`SELECT count(*) FROM tasks ${where}`),
      };
      this.listCache.set(where, stmts);
    }
    return stmts;
  }

  async claimTasks(o: ClaimOptions): Promise<TaskRow[]> {
    if (o.limit <= 0 || o.types.length === 0) return [];
    const now = Date.now();
    const rows = this.s.claim.all({
      now,
      owner: o.leaseOwner,
      expires: now + o.leaseMs,
      types: JSON.stringify(o.types),
      limit: o.limit,
    });
    return rows.map(toTaskRow).sort(byClaimOrder);
  }

  async startTask(taskId: string, leaseOwner: string, leaseMs: number): Promise<TaskRow> {
    const now = Date.now();
    return this.guarded(taskId, 'start', undefined, this.s.start.get({ id: taskId, now, owner: leaseOwner, expires: now + leaseMs }));
  }

  async setProgress(taskId: string, u: ProgressUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'update progress of', fence, this.s.progress.get(counters(taskId, u, fence)));
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
    const r = this.s.checkpoint.get({ ...counters(taskId, u, fence), checkpoint: json(checkpoint) });
    return r ? toTaskRow(r) : null;
  }

  async completeTask(taskId: string, result: Json, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    const params = { ...counters(taskId, u, fence), result: json(result) };
    return this.guarded(taskId, 'complete', fence, this.s.complete.get(params));
  }

  async completeTasks(items: readonly CompleteItem[]): Promise<(TaskRow | Error)[]> {
    const now = Date.now();
    const completedAt = new Date(now).toISOString();
    const completeAll = this.db.transaction(() =>
      items.map((i): TaskRow | undefined => {
        const params = { ...counters(i.taskId, i.update, i.fence), now, result: json(i.result) };
        if (!i.known) {
          const r = this.s.complete.get(params);
          return r && toTaskRow(r);
        }
        const r = this.s.completeKnown.get(params) as
          (Omit<CompletedColumns, 'completed_at' | 'cancel_requested'> & { cancel_requested: number }) | undefined;
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
    return this.guarded(taskId, 'fail', fence, this.s.fail.get({ ...counters(taskId, u, fence), error }));
  }

  async markCancelled(taskId: string, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'cancel', fence, this.s.cancelled.get(counters(taskId, u, fence)));
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
    const releaseAll = this.db.transaction(() => items.flatMap((i) => this.s.release.all({ id: i.taskId, fence: i.fence })));
    return releaseAll.immediate().map(toTaskRow);
  }

  async renewLeases(leaseOwner: string, taskIds: readonly string[], leaseMs: number): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const rows = this.s.renew.all({ owner: leaseOwner, ids: JSON.stringify(taskIds), expires: Date.now() + leaseMs }) as unknown as {
      task_id: string;
      cancel_requested: number;
    }[];
    return rows.filter((r) => r.cancel_requested === 1).map((r) => r.task_id);
  }

  async recoverAbandoned(error: string, deadOwners: readonly string[]): Promise<TaskRow[]> {
    return this.s.abandoned.all({ error, now: Date.now(), dead: JSON.stringify(deadOwners) }).map(toTaskRow);
  }

  async handBackTask(taskId: string, u: FinishUpdate, fence: number): Promise<TaskRow> {
    return this.guarded(taskId, 'hand back', fence, this.s.handBack.get(counters(taskId, u, fence)));
  }

  async listLeaseOwners(): Promise<string[]> {
    return this.s.owners.pluck().all() as unknown as string[];
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    return this.s.deleteFinished.run(cutoff.getTime()).changes;
  }

  private async guarded(taskId: string, action: string, fence: Fence, r: RawTask | undefined): Promise<TaskRow> {
    if (r) return toTaskRow(r);
    throw refusal(taskId, action, await this.getTask(taskId), fence);
  }
}

function counters(id: string, u: FinishUpdate, fence: Fence) {
  return {
    id,
    now: Date.now(),
    fence: fence ?? null,
    processed: u.processed ?? null,
    setTotal: u.total !== undefined ? 1 : 0,
    total: u.total ?? null,
    setMessage: u.message !== undefined ? 1 : 0,
    message: u.message ?? null,
  };
}

/** WHERE clause (and its parameters) of a list query; the clause text is the statement cache key. */
function whereClause(
  query: Partial<TaskListQuery>,
  visibility: TaskVisibility | undefined,
  extra?: string,
): { where: string; params: Record<string, unknown> } {
  const conds: string[] = [];
  const params: Record<string, unknown> = {};
  if (extra) conds.push(extra);
  if (query.taskType !== undefined) {
    conds.push('task_type = @taskType');
    params.taskType = query.taskType;
  }
  if (query.status !== undefined) {
    conds.push('status = @status');
    params.status = query.status;
  }
  if (query.ownerId !== undefined) {
    conds.push('user_id = @ownerId');
    params.ownerId = query.ownerId;
  }
  if (visibility && visibility.sharedTypes.length === 0) {
    // Own tasks only (a user): the owner index answers, which an OR with the types would prevent.
    conds.push('user_id = @visOwner');
    params.visOwner = visibility.ownerId;
  } else if (visibility) {
    conds.push('(user_id = @visOwner OR task_type IN (SELECT value FROM json_each(@visShared)))');
    params.visOwner = visibility.ownerId;
    params.visShared = JSON.stringify(visibility.sharedTypes);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}
