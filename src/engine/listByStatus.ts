/**
 * The tasks list by status (`order=status`): running first, then pending, failed, cancelled and completed
 * ({@link STATUS_ORDER}), newest first within each. No index orders a million tasks by status, and none should be
 * added for it (every index costs each task's three row versions, issue 18); each status's own list is quick
 * (the status filter of the tasks page, bench:tasklist). So the page is put together from those lists: each
 * status's count first (all at once, capped as the query's), which tells in which status the page's offset falls,
 * then that status's rows from there and, while the page is not full, the next statuses' from their start.
 */
import { STATUS_ORDER } from '../wire/index.js';
import type { StoreTaskListQuery, TaskListPage, TaskListQuery, TaskStore } from './taskStore.js';
import type { TaskRow } from './types.js';

/** One page of `query` (its `status` unset) listed by status, with the count of the whole selection. */
export async function listByStatus(store: Pick<TaskStore, 'listTasks'>, query: TaskListQuery): Promise<TaskListPage<TaskRow>> {
  const base: StoreTaskListQuery = { ...query, order: 'created_desc' };
  // A status's count stops where the query's would: past offset + cap its exact value does not change the page.
  const countCap = query.countCap === undefined ? undefined : query.offset + query.countCap;
  const counts = await Promise.all(STATUS_ORDER.map((status) => store.listTasks({ ...base, status, limit: 0, offset: 0, countCap })));
  const tasks: TaskRow[] = [];
  let skip = query.offset;
  for (const [i, status] of STATUS_ORDER.entries()) {
    if (tasks.length >= query.limit) break;
    const { total, totalCapped } = counts[i]!;
    if (!totalCapped && skip >= total) {
      skip -= total;
      continue;
    }
    const page = await store.listTasks({ ...base, status, limit: query.limit - tasks.length, offset: skip, countCap: 0 });
    tasks.push(...page.tasks);
    skip = 0;
  }
  return {
    tasks,
    total: counts.reduce((sum, c) => sum + c.total, 0),
    totalCapped: counts.some((c) => c.totalCapped),
  };
}
