/**
 * The task list's address as last shown (`/tasks?status=failed&page=2`), so a task page's «Все задачи» goes back to
 * the list the user came from, filters and page included (the browser's Back does the same by itself).
 */
import { ROUTES } from './router';

let last: string = ROUTES.tasks;

/** Remembers the list's current address. */
export function rememberTaskList(search: string): void {
  last = `${ROUTES.tasks}${search}`;
}

/** The list's last address (the plain list at first). */
export function lastTaskList(): string {
  return last;
}
