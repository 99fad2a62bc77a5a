import { type Json, type TaskContext, type TaskTypeDefinition, resolveBackoff } from '../engine/index.js';
import { InvalidOptionError } from './errors.js';

/**
 * A task type with its payload and result types: `handler` receives a `TaskContext<Payload>` and resolves with
 * a `Result`, which becomes the task's `result`. Results are stored as JSON, so declare `Result` with `type`
 * (an `interface` is not assignable to `Json`).
 */
export interface TaskType<Payload = Json, Result extends Json | void = Json | void> extends TaskTypeDefinition<Payload> {
  handler: (ctx: TaskContext<Payload>) => Promise<Result> | Result;
}

/** A task type of any payload and result (what `use` and `EnabledFeature.taskTypes` accept). */
export type AnyTaskType = TaskTypeDefinition<never>;

/** Letters, digits and `_ . : -`, 1 to 100 of them: safe in a URL's query and in a log line. */
const TYPE_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
/** The longest timeout a Node timer can hold, ms (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * A typed task type definition, checked now: a wrong field throws {@link InvalidOptionError} naming it, here
 * rather than when the first task runs. Give it to `taskcast.use()`, return it in a feature's `taskTypes`, or
 * pass it to `engine.defineTaskType()`.
 */
export function defineTaskType<Payload = Json, Result extends Json | void = Json | void>(
  definition: TaskType<Payload, Result>,
): TaskType<Payload, Result> {
  checkTaskType(definition);
  return definition;
}

/** Throws {@link InvalidOptionError} naming the first wrong field of a task type definition. */
export function checkTaskType(definition: AnyTaskType): void {
  if (typeof definition !== 'object' || definition === null) throw new InvalidOptionError('taskType', 'must be an object');
  const { type, handler, shared, singleton, maxAttempts, timeoutMs, backoff, retryable } = definition;
  if (typeof type !== 'string' || !TYPE_NAME.test(type)) {
    throw new InvalidOptionError('taskType.type', 'must be 1 to 100 letters, digits or _ . : -');
  }
  const field = (name: string) => `taskType.${name} of "${type}"`;
  if (typeof handler !== 'function') throw new InvalidOptionError(field('handler'), 'must be a function');
  if (shared !== undefined && typeof shared !== 'boolean') throw new InvalidOptionError(field('shared'), 'must be true or false');
  if (singleton !== undefined && typeof singleton !== 'boolean') throw new InvalidOptionError(field('singleton'), 'must be true or false');
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 100)) {
    throw new InvalidOptionError(field('maxAttempts'), `must be a whole number from 1 to 100; got ${String(maxAttempts)}`);
  }
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new InvalidOptionError(field('timeoutMs'), `must be a whole number of ms from 1 to ${MAX_TIMEOUT_MS}; got ${String(timeoutMs)}`);
  }
  if (retryable !== undefined && typeof retryable !== 'function') throw new InvalidOptionError(field('retryable'), 'must be a function');
  if (definition.checkPayload !== undefined && typeof definition.checkPayload !== 'function') {
    throw new InvalidOptionError(field('checkPayload'), 'must be a function');
  }
  if (definition.publicParams !== undefined && typeof definition.publicParams !== 'function') {
    throw new InvalidOptionError(field('publicParams'), 'must be a function');
  }
  if (backoff !== undefined) {
    try {
      resolveBackoff(backoff);
    } catch (err) {
      throw new InvalidOptionError(field('backoff'), (err as Error).message);
    }
  }
}
