import { InvalidTaskInputError, type Json, type TaskEngine } from '../engine/index.js';

/**
 * Checks a schedule's payload with its task type's `checkPayload` (when it has one): an InvalidTaskInputError on
 * `payload.<field>` otherwise. The type must be registered (UnknownTaskTypeError otherwise).
 */
export function checkPayloadOf(engine: TaskEngine, taskType: string, payload: Json): void {
  const check = engine.types.get(taskType).checkPayload;
  if (!check) return;
  try {
    check(payload);
  } catch (err) {
    throw new InvalidTaskInputError('payload', err instanceof Error ? err.message : String(err));
  }
}
