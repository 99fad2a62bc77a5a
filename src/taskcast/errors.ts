import { TaskcastError } from '../engine/index.js';

/** An option of createTaskcast or a field of a task type definition is wrong; the message names it. */
export class InvalidOptionError extends TaskcastError {
  constructor(
    /** The option, e.g. `concurrency` or `taskType.timeoutMs`. */
    readonly option: string,
    problem: string,
  ) {
    super('OPTION_INVALID', `${option}: ${problem}`);
  }
}

/** A call out of order (use() after start), or one this configuration does not offer (addUser with resolveCaller). */
export class TaskcastUsageError extends TaskcastError {
  constructor(message: string) {
    super('TASKCAST_USAGE', message);
  }
}
