import {
  TASK_ID_CLOCK_MARGIN_MS,
  type StoreTaskListQuery,
  type TaskListQuery,
  type TaskVisibility,
  uuidv7Floor,
} from '../../engine/index.js';

/*
 * The list queries stay in TS rather than in .sql files: their WHERE has one condition for each filter the
 * query sets, with parameters numbered in that order, and visibility adds one of two shapes (see whereClause),
 * so the statement text is built per call. Around it, only `SELECT … FROM tasks … ORDER BY task_id DESC` is
 * fixed: too little for a file of its own.
 */

/** A statement and its parameters, as pg's `query(text, values)` takes them. */
type Query = [text: string, params: unknown[]];

/**
 * listTasks: one page of the tasks a query matches, newest first (oldest first for `created_asc`: the ids are
 * UUID v7, so the same indexes walked the other way), and how many match — counted up to
 * `countLimit` ($n, NULL for an exact count). A manager's list (own tasks OR a shared type) is one branch per
 * index, the owner's (tasks_owner_idx) and one per shared type (tasks_type_idx), each walked in the list's order
 * and stopped after offset + limit rows, then merged: an OR in one WHERE walks the primary key past every task of the
 * others (bench:tasklist, docs/benchmarks.md).
 */
export function listQueries(query: StoreTaskListQuery, countLimit: number | null): { page: Query; count: Query } {
  const v = query.visibility;
  const dir = query.order === 'created_asc' ? 'ASC' : 'DESC';
  if (!v || v.sharedTypes.length === 0) {
    const { where, params } = whereClause(query, v);
    const n = params.length;
    // One owner's tasks of one status (a user's failed ones; a page of the list by status): the page's ids come from an
    // index-only scan of tasks_owner_idx (status INCLUDEd), then only the page's rows are read. In one query the
    // planner walked the primary key instead, past every other task (a user's page 50 of failed tasks: 125 ms
    // against 17).
    const ownerAndStatus = query.status !== undefined && (query.ownerId !== undefined || v !== undefined);
    const limits = `LIMIT $${n + 1} OFFSET $${n + 2}`;
    return {
      page: [
        ownerAndStatus
          ? `SELECT * FROM tasks WHERE task_id IN (SELECT task_id FROM tasks ${where} ORDER BY task_id ${dir} ${limits}) ORDER BY task_id ${dir}`
          : `SELECT * FROM tasks ${where} ORDER BY task_id ${dir} ${limits}`,
        [...params, query.limit, query.offset],
      ],
      count: [`SELECT count(*)::int AS n FROM (SELECT 1 FROM tasks ${where} LIMIT $${n + 1}) AS m`, [...params, countLimit]],
    };
  }
  const params: unknown[] = [];
  const wheres = [whereClause(query, { ownerId: v.ownerId, sharedTypes: [] }, undefined, params).where];
  for (const type of v.sharedTypes) {
    if (query.taskType === undefined || query.taskType === type)
      wheres.push(whereClause({ ...query, taskType: type }, undefined, undefined, params).where);
  }
  const n = params.length;
  const ids = (limit: string) =>
    wheres.map((w) => `(SELECT task_id FROM tasks ${w} ORDER BY task_id ${dir} LIMIT ${limit})`).join(' UNION ');
  return {
    page: [
      `SELECT * FROM tasks WHERE task_id IN (${ids(`$${n + 1}::bigint + $${n + 2}::bigint`)}) ORDER BY task_id ${dir} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, query.limit, query.offset],
    ],
    count: [`SELECT count(*)::int AS n FROM (${ids(`$${n + 1}`)}) AS m`, [...params, countLimit]],
  };
}

/** listActiveTasks: the pending and running tasks someone may see, newest first. */
export function activeListQuery(visibility: TaskVisibility | undefined): Query {
  const { where, params } = whereClause({}, visibility, `status IN ('pending', 'running')`);
  return [`SELECT * FROM tasks ${where} ORDER BY task_id DESC`, params];
}

/** WHERE clause (and its positional parameters) of a list query. */
function whereClause(
  query: Partial<TaskListQuery>,
  visibility: TaskVisibility | undefined,
  extra?: string,
  params: unknown[] = [],
): { where: string; params: unknown[] } {
  const conds: string[] = [];
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
  if (query.taskId !== undefined) {
    params.push(query.taskId);
    conds.push(`task_id = $${params.length}`);
  }
  // A created_at range also bounds the ids (time-ordered, see TASK_ID_CLOCK_MARGIN_MS): the primary key is walked
  // from the range's end, not from the newest task.
  if (query.createdFrom !== undefined) {
    params.push(query.createdFrom, uuidv7Floor(query.createdFrom.getTime() - TASK_ID_CLOCK_MARGIN_MS));
    conds.push(`created_at >= $${params.length - 1}`, `task_id >= $${params.length}`);
  }
  if (query.createdTo !== undefined) {
    params.push(query.createdTo, uuidv7Floor(query.createdTo.getTime() + TASK_ID_CLOCK_MARGIN_MS));
    conds.push(`created_at < $${params.length - 1}`, `task_id < $${params.length}`);
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
