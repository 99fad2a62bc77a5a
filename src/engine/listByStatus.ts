/**
 * The tasks list by status (`order=status`): running first, then pending, failed, cancelled and completed
 * ({@link STATUS_ORDER}), newest first within each. No index orders a million tasks by status, and none should be
 * added for it (every index costs each task's three row versions, issue 18); each status's own list is quick
 * (the status filter of the tasks page, bench:tasklist). So the page is put together from those lists, status by
 * status: a status whose count the offset passes is skipped, the one where it falls gives its rows from there and,
 * while the page is not full, the next ones from their start; later statuses are counted while the budget lasts.
 */
import { STATUS_ORDER } from '../wire/index.js';
import type { StoreTaskListQuery, TaskListPage, TaskListQuery, TaskStore } from './taskStore.js';
import type { TaskRow } from './types.js';

/** One page of `query` (its `status` unset) listed by status, with the count of the whole selection. */
export async function listByStatus(store: Pick<TaskStore, 'listTasks'>, query: TaskListQuery): Promise<TaskListPage<TaskRow>> {
  const base: StoreTaskListQuery = { ...query, order: 'created_desc' };
  // The query's count stops at offset + cap matches in all; the statuses share that budget in their order, so a
  // rare status (a user's few cancelled tasks) is not counted through all of the user's tasks once it is spent.
  const budget = query.countCap === undefined ? Infinity : query.offset + query.countCap;
  const tasks: TaskRow[] = [];
  let skip = query.offset; // matches before the page not yet passed
  let counted = 0;
  let capped = false;
  for (const status of STATUS_ORDER) {
    const wanted = query.limit - tasks.length;
    const left = budget - counted;
    if (wanted <= 0 && left <= 0) break;
    // This status's rows from `skip` and its count, at most `left` in all (skip + countCap), in one call.
    const countCap = query.countCap === undefined ? undefined : Math.max(0, left - skip);
    const page = await store.listTasks({ ...base, status, limit: Math.max(0, wanted), offset: skip, countCap });
    if (left > 0) counted += page.total;
    capped ||= page.totalCapped;
    if (!page.totalCapped && page.total <= skip) {
      skip -= page.total; // the page starts in a later status
      continue;
    }
    tasks.push(...page.tasks);
    skip = 0;
  }
  return { tasks, total: counted, totalCapped: capped };
}
