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

/** A tasks row as node-postgres returns it (int8 parsed to number, timestamptz to ISO text: see pgTypes.ts). */
export interface RawTask {
  task_id: string;
  task_type: string;
  status: TaskStatus;
  total: number | null;
  processed: number;
  message: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  result: Json;
  error: string | null;
  payload: Json;
  metadata: Record<string, Json>;
  checkpoint: Json;
  user_id: number | null;
  cancel_requested: boolean;
  attempt: number;
  max_attempts: number;
  priority: number;
  seq: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
}

/** Converts a PostgreSQL row to the engine's task record. */
export function toTaskRow(r: RawTask): TaskRow {
  return {
    task_id: r.task_id,
    task_type: r.task_type,
    status: r.status,
    progress: computeProgress(r.status, r.processed, r.total),
    total: r.total,
    processed: r.processed,
    message: r.message,
    created_at: r.created_at,
    started_at: r.started_at,
    completed_at: r.completed_at,
    result: r.result,
    error: r.error,
    metadata: r.metadata,
    user_id: r.user_id,
    cancel_requested: r.cancel_requested,
    attempt: r.attempt,
    max_attempts: r.max_attempts,
    priority: r.priority,
    seq: r.seq,
    payload: r.payload,
    checkpoint: r.checkpoint,
    lease_owner: r.lease_owner,
    lease_expires_at: r.lease_expires_at,
  };
}

const byClaimOrder = (a: TaskRow, b: TaskRow): number =>
  b.priority - a.priority || (a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0);

// $1 id, $2 fence (attempt or null), $3 processed (null keeps), $4 set total?, $5 total, $6 set message?, $7 message
const RUNNING_GUARD = `status = 'running' AND ($2::int IS NULL OR attempt = $2::int)`;
const SET_COUNTERS = `processed = coalesce($3::bigint, processed),
  total = CASE WHEN $4::boolean THEN $5::bigint ELSE total END,
  message = CASE WHEN $6::boolean THEN $7::text ELSE message END`;
const END_RUN = `completed_at = now(), lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1`;
/** INSERT of the jsonb array $1 of new tasks, in `status`, with more columns and their values. */
const INSERT_TASKS = (status: string, columns: string, values = '') => `INSERT INTO tasks (task_id, task_type, status, total,
    message, created_at, payload, metadata, user_id, priority, max_attempts, timeout_ms, singleton_key${columns})
  SELECT x.task_id, x.task_type, '${status}', x.total, x.message, now(), x.payload, coalesce(x.metadata, '{}'),
    x.user_id, x.priority, x.max_attempts, x.timeout_ms, x.singleton_key${values}
  FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, task_type text, total bigint, message text,
    payload jsonb, metadata jsonb, user_id int, priority int, max_attempts int, timeout_ms int, singleton_key text)`;

const ONE_COLUMNS = `task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority,
  max_attempts, timeout_ms, singleton_key`;
const ONE_VALUES = (status: string) => `$1, $2, '${status}', $3, $4, now(), $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11`;

const COMPLETE_MANY = `UPDATE tasks t SET status = 'completed', result = x.result,
    processed = coalesce(x.processed, t.processed),
    total = CASE WHEN x.set_total THEN x.total ELSE t.total END,
    message = CASE WHEN x.set_message THEN x.message ELSE t.message END,
    completed_at = now(), lease_owner = NULL, lease_expires_at = NULL, seq = t.seq + 1
  FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, fence int, processed bigint, set_total boolean, total bigint,
    set_message boolean, message text, result jsonb)
  WHERE t.task_id = x.id AND t.task_id = ANY($2::uuid[]) AND t.status = 'running' AND (x.fence IS NULL OR t.attempt = x.fence)`;

const SQL = {
  // Params: $1 jsonb array of new tasks, $2 notification channel
  insert: `WITH ins AS (${INSERT_TASKS('pending', '')} RETURNING 1)
    SELECT count(*)::int AS n, now() AS created_at FROM ins, (SELECT pg_notify($2, '')) AS notified`,
  // Params: $1 jsonb array of new tasks, $2 lease owner, $3 lease ms. Nobody else needs to hear of them.
  insertClaimed: `WITH ins AS (${INSERT_TASKS(
    'running',
    `, started_at, attempt, lease_owner, lease_expires_at, seq`,
    `, now(), 1, $2::text, now() + make_interval(secs => $3::double precision / 1000), 2`,
  )} RETURNING 1)
    SELECT count(*)::int AS n, now() AS created_at, now() + make_interval(secs => $3::double precision / 1000) AS expires FROM ins`,
  // One task (the common enqueue): VALUES rather than a jsonb array, as a prepared statement — about half the
  // time of the bulk form, which matters to enqueue → start latency. Params: the 11 columns of ONE_VALUES, then
  // $12 notification channel.
  insertOne: `WITH ins AS (INSERT INTO tasks (${ONE_COLUMNS}) VALUES (${ONE_VALUES('pending')}) RETURNING created_at)
    SELECT created_at FROM ins, (SELECT pg_notify($12, '')) AS notified`,
  // $12 lease owner, $13 lease ms
  insertOneClaimed: `INSERT INTO tasks (${ONE_COLUMNS}, started_at, attempt, lease_owner, lease_expires_at, seq)
    VALUES (${ONE_VALUES('running')}, now(), 1, $12, now() + make_interval(secs => $13::double precision / 1000), 2)
    RETURNING created_at, lease_expires_at AS expires`,
  get: `SELECT * FROM tasks WHERE task_id = $1`,
  // Params: $1 owner, $2 lease ms, $3 types, $4 limit. Meant to walk tasks_pending_idx in claim order and
  // stop after $4 rows, then fetch those rows by primary key: the claim connections turn sorts and bitmap
  // scans off (see openPostgres), because right after a bulk insert stale statistics otherwise make the
  // planner bitmap-scan and sort every pending row (3-4x slower). ANY(ARRAY(...)) rather than IN (...),
  // which the planner likes to turn into a hash join over a sequential scan of the whole table.
  claim: `UPDATE tasks SET status = 'running', started_at = now(), attempt = attempt + 1,
      lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::double precision / 1000), seq = seq + 1
    WHERE task_id = ANY(ARRAY(SELECT task_id FROM tasks WHERE status = 'pending' AND task_type = ANY($3::text[])
      ORDER BY priority DESC, task_id LIMIT $4 FOR UPDATE SKIP LOCKED))
    RETURNING *`,
  // Params: $1 id, $2 owner, $3 lease ms
  start: `UPDATE tasks SET status = 'running', started_at = now(), attempt = attempt + 1,
      lease_owner = $2, lease_expires_at = now() + make_interval(secs => $3::double precision / 1000), seq = seq + 1
    WHERE task_id = $1 AND status = 'pending' RETURNING *`,
  progress: `UPDATE tasks SET ${SET_COUNTERS}, seq = seq + 1 WHERE task_id = $1 AND ${RUNNING_GUARD} RETURNING *`,
  // $8 checkpoint
  checkpoint: `UPDATE tasks SET ${SET_COUNTERS}, checkpoint = $8::jsonb, seq = seq + 1
    WHERE task_id = $1 AND ${RUNNING_GUARD} RETURNING *`,
  // $8 result
  complete: `UPDATE tasks SET status = 'completed', result = $8::jsonb, ${SET_COUNTERS}, ${END_RUN}
    WHERE task_id = $1 AND ${RUNNING_GUARD} RETURNING *`,
  // Params: $1 jsonb array of {id, fence, processed, set_total, total, set_message, message, result}, $2 the ids.
  // The id list lets the planner fetch the rows by primary key; from the jsonb alone it guesses 100 rows and
  // hash-joins them against a sequential scan of the whole table.
  completeMany: `${COMPLETE_MANY} RETURNING t.*`,
  // The same when the caller knows each row: only what the completion changes comes back.
  completeManyKnown: `${COMPLETE_MANY}
    RETURNING t.task_id, t.seq, t.completed_at, t.cancel_requested, t.processed, t.total, t.message`,
  // $8 error
  fail: `UPDATE tasks SET status = 'failed', error = $8::text, ${SET_COUNTERS}, ${END_RUN}
    WHERE task_id = $1 AND (status = 'pending' OR ${RUNNING_GUARD}) RETURNING *`,
  cancelled: `UPDATE tasks SET status = 'cancelled', cancel_requested = true, ${SET_COUNTERS}, ${END_RUN}
    WHERE task_id = $1 AND ${RUNNING_GUARD} RETURNING *`,
  requestCancel: `UPDATE tasks SET cancel_requested = true, seq = seq + 1,
      status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
      completed_at = CASE WHEN status = 'pending' THEN now() ELSE completed_at END
    WHERE task_id = $1 AND (status = 'pending' OR (status = 'running' AND NOT cancel_requested)) RETURNING *`,
  // Params: $1 ids, $2 fences (same order)
  release: `UPDATE tasks t SET status = 'pending', attempt = t.attempt - 1, started_at = NULL, lease_owner = NULL,
      lease_expires_at = NULL, seq = t.seq + 1
    FROM unnest($1::uuid[], $2::int[]) AS x(id, fence)
    WHERE t.task_id = x.id AND t.status = 'running' AND t.attempt = x.fence RETURNING t.*`,
  // The heartbeat's two statements skip rows another transaction holds instead of waiting for them: they lock
  // many rows, in an order of their own, while a completion batch locks its rows in another, and waiting made
  // them deadlock (PostgreSQL then aborted one — a lost completion batch left its tasks running until their
  // leases expired, and then failed them). A skipped row is renewed or reaped at the next beat.
  // Params: $1 owner, $2 ids, $3 lease ms
  renew: `UPDATE tasks SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
    WHERE task_id IN (SELECT task_id FROM tasks WHERE status = 'running' AND lease_owner = $1 AND task_id = ANY($2::uuid[])
      FOR UPDATE SKIP LOCKED)
    RETURNING task_id, cancel_requested`,
  // Params: $1 error, $2 dead owners
  abandoned: `UPDATE tasks SET
      status = CASE WHEN cancel_requested THEN 'cancelled' WHEN attempt < max_attempts THEN 'pending' ELSE 'failed' END,
      error = CASE WHEN NOT cancel_requested AND attempt >= max_attempts THEN $1 ELSE error END,
      completed_at = CASE WHEN NOT cancel_requested AND attempt < max_attempts THEN NULL ELSE now() END,
      lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1
    WHERE task_id IN (SELECT task_id FROM tasks WHERE status = 'running'
      AND (lease_expires_at < now() OR lease_owner = ANY($2::text[])) FOR UPDATE SKIP LOCKED)
    RETURNING *`,
  handBack: `UPDATE tasks SET status = 'pending', ${SET_COUNTERS}, max_attempts = max_attempts + 1,
      lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1
    WHERE task_id = $1 AND ${RUNNING_GUARD} RETURNING *`,
  owners: `SELECT DISTINCT lease_owner FROM tasks WHERE status = 'running' AND lease_owner IS NOT NULL`,
  deleteFinished: `DELETE FROM tasks WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < $1`,
};

/** A UUID in text form: ids that are not one cannot exist in a uuid column (and would make a query fail). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    let inserted: { created_at: string; expires?: string };
    try {
      // Every column of a new row is known here but the time; reading the rows back cost more than the insert.
      if (tasks.length === 1) {
        const t = tasks[0]!;
        const values = [
          t.task_id,
          t.task_type,
          t.total,
          t.message,
          t.payload === null || t.payload === undefined ? null : JSON.stringify(t.payload),
          JSON.stringify(t.metadata ?? {}),
          t.user_id,
          t.priority,
          t.max_attempts,
          t.timeout_ms,
          t.singleton_key ?? null,
        ];
        inserted = claimFor
          ? (
              await this.pool.query({
                name: 'taskcast_insert_one_claimed',
                text: SQL.insertOneClaimed,
                values: [...values, claimFor.leaseOwner, claimFor.leaseMs],
              })
            ).rows[0]
          : (await this.pool.query({ name: 'taskcast_insert_one', text: SQL.insertOne, values: [...values, this.channel] })).rows[0];
      } else {
        const records = JSON.stringify(tasks.map(insertRecord));
        inserted = claimFor
          ? (await this.pool.query(SQL.insertClaimed, [records, claimFor.leaseOwner, claimFor.leaseMs])).rows[0]
          : (await this.pool.query(SQL.insert, [records, this.channel])).rows[0];
      }
    } catch (err) {
      const key = tasks.find((t) => t.singleton_key)?.singleton_key;
      if ((err as { code?: string }).code === '23505' && key) {
        const active = await this.pool.query<{ task_id: string }>(
          `SELECT task_id FROM tasks WHERE singleton_key = $1 AND status IN ('pending', 'running')`,
          [key],
        );
        throw new TaskAlreadyActiveError(key, active.rows[0]?.task_id ?? null);
      }
      throw err;
    }
    const { created_at, expires } = inserted;
    const rows = tasks.map((t) => newTaskRow(t, created_at));
    return (claimFor ? rows.map((r) => claimedAtInsert(r, claimFor.leaseOwner, expires!)) : rows).sort((a, b) =>
      a.task_id < b.task_id ? -1 : 1,
    );
  }

  async getTask(taskId: string): Promise<TaskRow | null> {
    if (!UUID_RE.test(taskId)) return null;
    const [r] = await this.rows(SQL.get, [taskId]);
    return r ? toTaskRow(r) : null;
  }

  async listTasks(query: TaskListQuery): Promise<{ tasks: TaskRow[]; total: number }> {
    const { where, params } = whereClause(query, query.visibility);
    const n = params.length;
    const [rows, count] = await Promise.all([
      this.rows(`SELECT * FROM tasks ${where} ORDER BY task_id DESC LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        query.limit,
        query.offset,
      ]),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks ${where}`, params),
    ]);
    return { tasks: rows.map(toTaskRow), total: count.rows[0]!.n };
  }

  async listActiveTasks(visibility?: TaskVisibility): Promise<TaskRow[]> {
    const { where, params } = whereClause({}, visibility, `status IN ('pending', 'running')`);
    return (await this.rows(`SELECT * FROM tasks ${where} ORDER BY task_id DESC`, params)).map(toTaskRow);
  }

  async claimTasks(o: ClaimOptions): Promise<TaskRow[]> {
    if (o.limit <= 0 || o.types.length === 0) return [];
    const rows = (await this.claimPool.query<RawTask>(SQL.claim, [o.leaseOwner, o.leaseMs, o.types, o.limit])).rows;
    return rows.map(toTaskRow).sort(byClaimOrder);
  }

  async startTask(taskId: string, leaseOwner: string, leaseMs: number): Promise<TaskRow> {
    if (!UUID_RE.test(taskId)) throw new TaskNotFoundError(taskId);
    return this.guarded(taskId, 'start', undefined, SQL.start, [taskId, leaseOwner, leaseMs]);
  }

  async setProgress(taskId: string, u: ProgressUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'update progress of', fence, SQL.progress, counters(taskId, u, fence));
  }

  async saveCheckpoint(taskId: string, u: ProgressUpdate, checkpoint: Json, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'checkpoint', fence, ...checkpointQuery(taskId, u, checkpoint, fence));
  }

  async completeTask(taskId: string, result: Json, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    const params = [...counters(taskId, u, fence), JSON.stringify(result ?? null)];
    return this.guarded(taskId, 'complete', fence, SQL.complete, params);
  }

  async completeTasks(items: readonly CompleteItem[]): Promise<(TaskRow | Error)[]> {
    if (items.length === 0) return [];
    const payload = items.map(completionRecord);
    const valid = items.every((i) => UUID_RE.test(i.taskId));
    const ids = items.map((i) => i.taskId);
    const known = items.every((i) => i.known !== undefined);
    const out: (TaskRow | Error)[] = [];
    if (known && valid) {
      const rows = (await this.pool.query<CompletedColumns & { task_id: string }>(SQL.completeManyKnown, [JSON.stringify(payload), ids]))
        .rows;
      const byId = new Map(rows.map((r) => [r.task_id, r]));
      for (const item of items) {
        const r = byId.get(item.taskId);
        out.push(
          r ? completedRow(item.known!, r, item.result) : refusal(item.taskId, 'complete', await this.getTask(item.taskId), item.fence),
        );
      }
      return out;
    }
    const rows = valid ? await this.rows(SQL.completeMany, [JSON.stringify(payload), ids]) : [];
    const byId = new Map(rows.map((r) => [r.task_id, r]));
    for (const item of items) {
      const r = byId.get(item.taskId);
      out.push(r ? toTaskRow(r) : refusal(item.taskId, 'complete', await this.getTask(item.taskId), item.fence));
    }
    return out;
  }

  async failTask(taskId: string, error: string, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'fail', fence, SQL.fail, [...counters(taskId, u, fence), error]);
  }

  async markCancelled(taskId: string, u: FinishUpdate, fence?: Fence): Promise<TaskRow> {
    return this.guarded(taskId, 'cancel', fence, SQL.cancelled, counters(taskId, u, fence));
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
    const rows = (await this.rows(SQL.release, [items.map((i) => i.taskId), items.map((i) => i.fence)])).map(toTaskRow);
    this.announcePending(rows);
    return rows;
  }

  async renewLeases(leaseOwner: string, taskIds: readonly string[], leaseMs: number): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const res = await this.pool.query<{ task_id: string; cancel_requested: boolean }>(SQL.renew, [leaseOwner, taskIds, leaseMs]);
    return res.rows.filter((r) => r.cancel_requested).map((r) => r.task_id);
  }

  async recoverAbandoned(error: string, deadOwners: readonly string[]): Promise<TaskRow[]> {
    const rows = (await this.rows(SQL.abandoned, [error, deadOwners])).map(toTaskRow);
    this.announcePending(rows);
    return rows;
  }

  async handBackTask(taskId: string, u: FinishUpdate, fence: number): Promise<TaskRow> {
    const row = await this.guarded(taskId, 'hand back', fence, SQL.handBack, counters(taskId, u, fence));
    this.announcePending([row]);
    return row;
  }

  /**
   * Tasks made pending again (released, handed back, requeued by the reaper) are announced like new ones,
   * so idle runners elsewhere claim them at once instead of at their next poll. Sent after the commit.
   */
  private announcePending(rows: readonly TaskRow[]): void {
    if (rows.some((r) => r.status === 'pending')) void this.pool.query(`SELECT pg_notify($1, '')`, [this.channel]).catch(() => {});
  }

  async listLeaseOwners(): Promise<string[]> {
    return (await this.pool.query<{ lease_owner: string }>(SQL.owners)).rows.map((r) => r.lease_owner);
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    return (await this.pool.query(SQL.deleteFinished, [cutoff])).rowCount ?? 0;
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
  return [SQL.checkpoint, [...counters(taskId, u, fence), JSON.stringify(checkpoint)]];
}

/*
 * The jsonb records of the bulk statements leave out what is null or false (jsonb_to_recordset reads a
 * missing key as NULL): a flood of short tasks sends megabytes of them, mostly nulls otherwise.
 */

/** One new task for {@link SQL.insert}. */
function insertRecord(t: NewTask): Record<string, unknown> {
  const r: Record<string, unknown> = {
    task_id: t.task_id,
    task_type: t.task_type,
    payload: t.payload,
    priority: t.priority,
    max_attempts: t.max_attempts,
  };
  if (t.total !== null) r.total = t.total;
  if (t.message !== null) r.message = t.message;
  if (Object.keys(t.metadata).length > 0) r.metadata = t.metadata;
  if (t.user_id !== null) r.user_id = t.user_id;
  if (t.timeout_ms !== null) r.timeout_ms = t.timeout_ms;
  if (t.singleton_key) r.singleton_key = t.singleton_key;
  return r;
}

/** One completion for {@link SQL.completeMany}: set_total / set_message say whether total / message change. */
function completionRecord(i: CompleteItem): Record<string, unknown> {
  const r: Record<string, unknown> = { id: i.taskId };
  if (i.fence !== undefined) r.fence = i.fence;
  if (i.update.processed !== undefined) r.processed = i.update.processed;
  if (i.update.total !== undefined) {
    r.set_total = true;
    r.total = i.update.total;
  }
  if (i.update.message !== undefined) {
    r.set_message = true;
    r.message = i.update.message;
  }
  if (i.result !== null && i.result !== undefined) r.result = i.result;
  return r;
}

function counters(id: string, u: FinishUpdate, fence: Fence): unknown[] {
  return [id, fence ?? null, u.processed ?? null, u.total !== undefined, u.total ?? null, u.message !== undefined, u.message ?? null];
}

/** WHERE clause (and its positional parameters) of a list query. */
function whereClause(
  query: Partial<TaskListQuery>,
  visibility: TaskVisibility | undefined,
  extra?: string,
): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (extra) conds.push(extra);
  if (query.taskType !== undefined) {
    params.push(query.taskType);
    conds.push(`task_type = $${params.length}`);
  }
  if (query.status !== undefined) {
    params.push(query.status);
    conds.push(`status = $${params.length}`);
  }
  if (query.ownerId !== undefined) {
    params.push(query.ownerId);
    conds.push(`user_id = $${params.length}`);
  }
  if (visibility && visibility.sharedTypes.length === 0) {
    // Own tasks only (a user): the owner index answers, which an OR with the types would prevent.
    params.push(visibility.ownerId);
    conds.push(`user_id = $${params.length}`);
  } else if (visibility) {
    params.push(visibility.ownerId, visibility.sharedTypes);
    conds.push(`(user_id = $${params.length - 1} OR task_type = ANY($${params.length}::text[]))`);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}
