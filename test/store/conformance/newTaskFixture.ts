import { uuidv7 } from '../../../src/engine/index.js';
import type { NewTask } from '../../../src/engine/index.js';

/** A new task as the engine would hand it to a store, for tests that drive a store directly. */
export function newTaskFixture(taskType: string, overrides: Partial<NewTask> = {}): NewTask {
  return {
    task_id: uuidv7(),
    task_type: taskType,
    total: null,
    payload: null,
    metadata: {},
    user_id: null,
    priority: 0,
    max_attempts: 1,
    message: null,
    timeout_ms: null,
    run_at: null,
    lead_ms: 0,
    backoff: null,
    ...overrides,
  };
}
