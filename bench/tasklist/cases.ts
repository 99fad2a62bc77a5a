/**
 * The lists the tasks page asks for (web/src/pages/TasksPage: GET /api/v1/tasks with its filters), as the store
 * receives them (by status: as the engine puts them together from the store's lists,
 * src/engine/listByStatus.ts): an admin sees every task (no visibility), a manager their own tasks and the shared types, a
 * user their own. Pages of 20, the page's default size, counted up to TASK_LIST_COUNT_CAP past the offset as the
 * API counts (BENCH_EXACT_TOTAL=1: every match counted, as before issue 16).
 */
import type { TaskListQuery } from '../../src/engine/index.js';
import { TASK_LIST_COUNT_CAP } from '../../src/wire/index.js';
import { MANAGER_ID, RARE_TYPE, USER_ID } from './fill.js';

export interface ListCase {
  name: string;
  query: TaskListQuery;
}

const DAY_MS = 24 * 3600 * 1000;
const PAGE = 20;

/** The cases; `middleId` is a task id from the middle of the table (the search by id). */
export function listCases(middleId: string, now = Date.now()): ListCase[] {
  const countCap = process.env.BENCH_EXACT_TOTAL === '1' ? undefined : TASK_LIST_COUNT_CAP;
  const page = (n: number) => ({ limit: PAGE, offset: (n - 1) * PAGE, countCap });
  const manager = { ownerId: MANAGER_ID, sharedTypes: [RARE_TYPE] };
  const user = { ownerId: USER_ID, sharedTypes: [] };
  const month = { createdFrom: new Date(now - 200 * DAY_MS), createdTo: new Date(now - 170 * DAY_MS) };
  return [
    { name: 'admin: all, page 1', query: { ...page(1) } },
    { name: 'admin: all, page 500', query: { ...page(500) } },
    { name: 'admin: rare type', query: { taskType: RARE_TYPE, ...page(1) } },
    { name: 'admin: common type', query: { taskType: 'onec.sync', ...page(1) } },
    { name: 'admin: status cancelled', query: { status: 'cancelled', ...page(1) } },
    { name: 'admin: started by user 5', query: { ownerId: 5, ...page(1) } },
    { name: 'admin: created in a month', query: { ...month, ...page(1) } },
    { name: 'admin: created in a month, p. 50', query: { ...month, ...page(50) } },
    { name: 'admin: by id', query: { taskId: middleId, ...page(1) } },
    { name: 'manager: own + shared', query: { visibility: manager, ...page(1) } },
    { name: 'manager: own + shared, p. 5', query: { visibility: manager, ...page(5) } },
    { name: 'manager: own + shared, failed', query: { visibility: manager, status: 'failed', ...page(1) } },
    { name: 'user: own, page 1', query: { visibility: user, ...page(1) } },
    { name: 'user: own, page 50', query: { visibility: user, ...page(50) } },
    { name: 'user: own, failed', query: { visibility: user, status: 'failed', ...page(1) } },
    { name: 'user: own, by id', query: { visibility: user, taskId: middleId, ...page(1) } },
    // Oldest first (order=created_asc, the «Создана» column's sort): the same index walks the other way.
    { name: 'admin: all, oldest first', query: { order: 'created_asc', ...page(1) } },
    { name: 'admin: rare type, oldest first', query: { order: 'created_asc', taskType: RARE_TYPE, ...page(1) } },
    { name: 'admin: created in a month, oldest first', query: { order: 'created_asc', ...month, ...page(1) } },
    { name: 'manager: own + shared, oldest first, p. 5', query: { order: 'created_asc', visibility: manager, ...page(5) } },
    { name: 'user: own, failed, oldest first', query: { order: 'created_asc', visibility: user, status: 'failed', ...page(1) } },
    // By status (order=status, the «Статус» column's sort): the engine's listByStatus over each status's list.
    { name: 'admin: by status', query: { order: 'status', ...page(1) } },
    { name: 'admin: by status, p. 50', query: { order: 'status', ...page(50) } },
    { name: 'manager: own + shared, by status, p. 5', query: { order: 'status', visibility: manager, ...page(5) } },
    { name: 'user: own, by status, page 50', query: { order: 'status', visibility: user, ...page(50) } },
  ];
}
