import type { Task } from '../engine/index.js';
import type { TaskVisibility } from '../engine/index.js';
import type { UserRole } from './userStore.js';

/** An authenticated caller. */
export interface Caller {
  id: number;
  username: string;
  role: UserRole;
}

/**
 * Who sees which task, in one place: an admin sees every task; a manager sees their own and the tasks of
 * shared (company-wide) types, such as the 1C syncs; a user sees only their own.
 */
export function taskVisibility(caller: Caller, sharedTypes: readonly string[]): TaskVisibility | undefined {
  if (caller.role === 'admin') return undefined;
  return { ownerId: caller.id, sharedTypes: caller.role === 'manager' ? sharedTypes : [] };
}

/** True when the caller may see (and so follow and cancel) the task. */
export function canSeeTask(caller: Caller, task: Pick<Task, 'user_id' | 'task_type'>, sharedTypes: readonly string[]): boolean {
  if (caller.role === 'admin') return true;
  if (task.user_id === caller.id) return true;
  return caller.role === 'manager' && sharedTypes.includes(task.task_type);
}
