import {
  TASK_ID_CLOCK_MARGIN_MS,
  type StoreTaskListQuery,
  type TaskListQuery,
  type TaskVisibility,
  uuidv7Floor,
} from '../../engine/index.js';

/*
 * The list queries stay in TS rather than in .sql files: their WHERE has one condition for each filter the
 * query sets, and visibility adds one of two shapes (see whereClause), so the statement text depends on the
 * query (the store prepares each text once and keeps it). Around it, only `SELECT … FROM tasks … ORDER BY
 * task_id DESC` is fixed: too little for a file of its own.
 *
 * At a million tasks (bench:tasklist, docs/benchmarks.md) two shapes matter:
 * - a manager's list (own tasks OR a shared type) is one branch per index: the owner's (tasks_owner_idx) and one
 *   per shared type (tasks_type_idx), each walked in the list's order and stopped after offset + limit rows, then
 *   merged — an OR in one WHERE walks the primary key past every task of the others;
 * - the count stops after offset + countCap + 1 matches (TaskListQuery.countCap) instead of counting them all.
 * Oldest first (`created_asc`) walks the same indexes the other way: the ids are UUID v7, time-ordered.
 */

/** The statements of a list query (@limit, @offset; the count's @countLimit, −1 for an exact count). */
export interface ListStatementTexts {
  rows: string;
  count: string;
  params: Record<string, unknown>;
}

/** The list's statements for the query: one branch, or a manager's branches merged. */
export function listStatementTexts(query: StoreTaskListQuery): ListStatementTexts {
  const v = query.visibility;
  const dir = query.order === 'created_asc' ? 'ASC' : 'DESC';
  if (!v || v.sharedTypes.length === 0) {
    const { where, params } = whereClause(query, v);
    // One owner's tasks of one status (a user's failed ones; a page of the list by status): the page's ids come from
    // tasks_owner_idx alone, which holds the status, and only the page's rows are read. Skipping the offset on the
    // table read every skipped row first (a user's page 50 of failed tasks: 72 ms against 3).
    const ownerAndStatus = query.status !== undefined && (query.ownerId !== undefined || v !== undefined);
    const page = ownerAndStatus
      ? `SELECT * FROM tasks WHERE task_id IN (SELECT task_id FROM tasks ${where} ORDER BY task_id ${dir} LIMIT @limit OFFSET @offset) ORDER BY task_id ${dir}`
      : `SELECT * FROM tasks ${where} ORDER BY task_id ${dir} LIMIT @limit OFFSET @offset`;
    return {
      rows: page,
      count: `SELECT count(*) FROM (SELECT 1 FROM tasks ${where} LIMIT @countLimit)`,
      params,
    };
  }
  const branches = [whereClause(query, { ownerId: v.ownerId, sharedTypes: [] }, undefined, 'o')];
  v.sharedTypes.forEach((type, i) => {
    if (query.taskType === undefined || query.taskType === type)
      branches.push(whereClause({ ...query, taskType: type }, undefined, undefined, `s${i}`));
  });
  const ids = (limit: string) =>
    branches
      .map((b) => `SELECT task_id FROM (SELECT task_id FROM tasks ${b.where} ORDER BY task_id ${dir} LIMIT ${limit})`)
      .join(' UNION ');
  return {
    rows: `SELECT * FROM tasks WHERE task_id IN (${ids('@limit + @offset')}) ORDER BY task_id ${dir} LIMIT @limit OFFSET @offset`,
    count: `SELECT count(*) FROM (${ids('@countLimit')})`,
    params: Object.assign({}, ...branches.map((b) => b.params)) as Record<string, unknown>,
  };
}

/**
 * WHERE clause (and its parameters) of a list query; `suffix` names the parameters apart when several clauses
 * go in one statement.
 */
export function whereClause(
  query: Partial<TaskListQuery>,
  visibility: TaskVisibility | undefined,
  extra?: string,
  suffix = '',
): { where: string; params: Record<string, unknown> } {
  const conds: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (cond: string, name: string, value: unknown) => {
    conds.push(`${cond}@${name}${suffix}`);
    params[`${name}${suffix}`] = value;
  };
  if (extra) conds.push(extra);
  if (query.taskType !== undefined) add('task_type = ', 'taskType', query.taskType);
  if (query.status !== undefined) add('status = ', 'status', query.status);
  // Running tasks are few (the nodes' slots) and tasks_running_idx holds just them; the owner index holds every task
  // of a user, all walked to find none running (a list by status asks): `+user_id` keeps SQLite off the owner index.
  const owner = query.status === 'running' ? '+user_id' : 'user_id';
  if (query.ownerId !== undefined) add(`${owner} = `, 'ownerId', query.ownerId);
  if (query.taskId !== undefined) add('task_id = ', 'taskId', query.taskId);
  // A created_at range also bounds the ids (time-ordered, see TASK_ID_CLOCK_MARGIN_MS): the primary key is walked
  // from the range's end, not from the newest task.
  if (query.createdFrom !== undefined) {
    add('created_at >= ', 'createdFrom', query.createdFrom.getTime());
    add('task_id >= ', 'idFrom', uuidv7Floor(query.createdFrom.getTime() - TASK_ID_CLOCK_MARGIN_MS));
  }
  if (query.createdTo !== undefined) {
    add('created_at < ', 'createdTo', query.createdTo.getTime());
    add('task_id < ', 'idTo', uuidv7Floor(query.createdTo.getTime() + TASK_ID_CLOCK_MARGIN_MS));
  }
  if (visibility && visibility.sharedTypes.length === 0) {
    // Own tasks only (a user): the owner index answers, which an OR with the types would prevent.
    add(`${owner} = `, 'visOwner', visibility.ownerId);
  } else if (visibility) {
    add('(user_id = ', 'visOwner', visibility.ownerId);
    conds[conds.length - 1] += ` OR task_type IN (SELECT value FROM json_each(@visShared${suffix})))`;
    params[`visShared${suffix}`] = JSON.stringify(visibility.sharedTypes);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}
