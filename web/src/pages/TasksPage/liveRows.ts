/**
 * The tasks list kept live: where a task the all-tasks socket tells of belongs, and how a list answer and the
 * changes the socket pushed while it was in flight are put together.
 */
import type { Task } from '@/api/tasks';
import { apiFilters, type TaskListQuery } from './taskListQuery';

/**
 * Whether a task the socket tells of, not on the page, belongs at the top of it: page 1 of the newest-first list, and
 * it passes the filters (oldest first, a new task belongs on the last page).
 */
export function belongsOnFirstPage(task: Task, query: TaskListQuery): boolean {
  const api = apiFilters(query);
  return (
    query.page === 1 &&
    query.order === 'created_desc' &&
    !query.taskId &&
    (!query.taskType || query.taskType === task.task_type) &&
    (!query.status || query.status === task.status) &&
    (query.userId === undefined || query.userId === task.user_id) &&
    (!api.createdFrom || task.created_at >= api.createdFrom) &&
    (!api.createdTo || task.created_at < api.createdTo)
  );
}

/** Newest first (task ids are time-ordered UUIDs), at most `size`. */
export const newestFirst = (tasks: Task[], size: number): Task[] =>
  [...tasks].sort((a, b) => (a.task_id < b.task_id ? 1 : -1)).slice(0, size);

/**
 * A list answer with the socket's changes received since its request began: a newer state of a row replaces it, and
 * a task the answer lacks (made after the server read the page) is added where it belongs. `added` counts those tasks
 * (each one more in the list's total, even when it pushes the page's last row out).
 */
export function withLiveChanges(answer: Task[], live: ReadonlyMap<string, Task>, query: TaskListQuery): { rows: Task[]; added: number } {
  if (live.size === 0) return { rows: answer, added: 0 };
  const answered = new Set(answer.map((t) => t.task_id));
  const rows = answer.map((t) => {
    const newer = live.get(t.task_id);
    return newer && newer.seq > t.seq ? newer : t;
  });
  const added = [...live.values()].filter((t) => !answered.has(t.task_id) && belongsOnFirstPage(t, query));
  return added.length === 0 ? { rows, added: 0 } : { rows: newestFirst([...added, ...rows], query.size), added: added.length };
}
