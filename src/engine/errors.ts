/**
 * Named errors of the task engine. Each has a stable `code`; the HTTP layer maps codes to statuses
 * in one place (ERROR_STATUS in src/api/errors.ts).
 */

/** Base class: every engine error has a stable machine-readable code. */
export class TaskcastError extends Error {
  /** Stable code, e.g. `TASK_NOT_FOUND`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** No task has this id (or the caller may not see it). */
export class TaskNotFoundError extends TaskcastError {
  constructor(readonly taskId: string) {
    super('TASK_NOT_FOUND', `Task ${taskId} not found`);
  }
}

/** The task has already finished, so it cannot be cancelled. */
export class TaskNotCancellableError extends TaskcastError {
  constructor(
    readonly taskId: string,
    readonly status: string,
  ) {
    super('TASK_NOT_CANCELLABLE', `Task ${taskId} is already ${status} and cannot be cancelled`);
  }
}

/** A transition the state machine forbids (e.g. completing a cancelled task); nothing was changed. */
export class InvalidTransitionError extends TaskcastError {
  constructor(
    readonly taskId: string,
    readonly action: string,
    readonly status: string,
  ) {
    super('TASK_INVALID_TRANSITION', `Cannot ${action} task ${taskId}: it is ${status}`);
  }
}

/** Enqueue of a task type nobody defined. */
export class UnknownTaskTypeError extends TaskcastError {
  constructor(readonly taskType: string) {
    super('TASK_TYPE_UNKNOWN', `Unknown task type "${taskType}"`);
  }
}

/** A task type defined twice. */
export class DuplicateTaskTypeError extends TaskcastError {
  constructor(readonly taskType: string) {
    super('TASK_TYPE_DUPLICATE', `Task type "${taskType}" is already defined`);
  }
}

/** Thrown at a yield point when cancellation was requested; the task ends `cancelled`, not failed. */
export class TaskCancelledError extends TaskcastError {
  constructor(readonly taskId: string) {
    super('TASK_CANCELLED', `Task ${taskId} was cancelled`);
  }
}

/** A task with the same singleton key is already pending or running. */
export class TaskAlreadyActiveError extends TaskcastError {
  constructor(
    readonly singletonKey: string,
    /** The task that is already pending or running (null if it finished meanwhile). */
    readonly activeTaskId: string | null,
  ) {
    super('TASK_ALREADY_ACTIVE', `A task "${singletonKey}" is already pending or running`);
  }
}

/** A write from a runner whose lease on the task was lost (another attempt owns it now). */
export class LeaseLostError extends TaskcastError {
  constructor(readonly taskId: string) {
    super('TASK_LEASE_LOST', `Lease on task ${taskId} was lost`);
  }
}

/** A retry of a task that is not failed or cancelled (it is still pending or running, or it completed). */
export class TaskNotRetryableError extends TaskcastError {
  constructor(
    readonly taskId: string,
    readonly status: string,
  ) {
    super('TASK_NOT_RETRYABLE', `Task ${taskId} is ${status}: only failed or cancelled tasks can be retried`);
  }
}

/**
 * Thrown by a handler: the task fails at once, whatever attempts remain (bad input, a record that does not
 * exist — trying again cannot help). `cause` keeps the original error.
 */
export class NonRetryableError extends TaskcastError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TASK_NON_RETRYABLE', message);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/**
 * Thrown by a handler: the next attempt is due exactly `retryAfterMs` from now (a server's `Retry-After`),
 * instead of the backoff's delay. It still counts as an attempt: with none left, the task fails.
 */
export class RetryAfterError extends TaskcastError {
  constructor(
    readonly retryAfterMs: number,
    message = `Retry after ${retryAfterMs} ms`,
    options?: { cause?: unknown },
  ) {
    super('TASK_RETRY_AFTER', message);
    if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0)
      throw new RangeError(`retryAfterMs must be a finite number ≥ 0, got ${retryAfterMs}`);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/** An enqueue option out of its range (priority, run_at, delay_ms, max_attempts, backoff, idempotency_key). */
export class InvalidTaskInputError extends TaskcastError {
  constructor(
    /** The option that is wrong, e.g. `priority`. */
    readonly field: string,
    message: string,
  ) {
    super('TASK_INPUT_INVALID', `${field}: ${message}`);
  }
}
