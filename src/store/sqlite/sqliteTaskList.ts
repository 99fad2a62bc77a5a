import type { TaskListQuery, TaskVisibility } from '../../engine/index.js';

/*
 * The list queries stay in TS rather than in .sql files: their WHERE has one condition for each filter the
 * query sets, and visibility adds one of two shapes (see whereClause), so the statement text depends on the
 * query (the store prepares each text once and keeps it, keyed by its WHERE clause). Around it, only
 * `SELECT … FROM tasks … ORDER BY task_id DESC` is fixed: too little for a file of its own.
 */

/** The statements of a list query with this WHERE clause: one page of rows (@limit, @offset) and the count. */
export function listStatementTexts(where: string): { rows: string; count: string } {
  return {
    rows: `SELECT * FROM tasks ${where} ORDER BY task_id DESC LIMIT @limit OFFSET @offset`,
    count: `SELECT count(*) FROM tasks ${where}`,
  };
}

/** WHERE clause (and its parameters) of a list query; the clause text is the statement cache key. */
export function whereClause(
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
  if (query.taskId !== undefined) {
    conds.push('task_id = @taskId');
    params.taskId = query.taskId;
  }
  if (query.createdFrom !== undefined) {
    conds.push('created_at >= @createdFrom');
    params.createdFrom = query.createdFrom.getTime();
  }
  if (query.createdTo !== undefined) {
    conds.push('created_at < @createdTo');
    params.createdTo = query.createdTo.getTime();
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
