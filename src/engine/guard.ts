import { InvalidTransitionError, LeaseLostError, TaskNotFoundError } from './errors.js';
import type { TaskRow } from './types.js';
import type { Fence } from './taskStore.js';

/**
 * Explains why a guarded transition changed no row, as the named error the caller sees. Both stores
 * call it after an UPDATE ... WHERE <guard> matched nothing, so they report refusals the same way.
 */
export function refusal(taskId: string, action: string, row: TaskRow | null, fence: Fence): Error {
  if (!row) return new TaskNotFoundError(taskId);
  if (fence !== undefined && row.status === 'running' && row.attempt !== fence) return new LeaseLostError(taskId);
  return new InvalidTransitionError(taskId, action, row.status);
}
