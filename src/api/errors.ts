import { TaskcastError } from '../engine/index.js';

/** Bad input; the message names the field. */
export class ValidationError extends TaskcastError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message);
  }
}

/** No or invalid credentials. */
export class UnauthorizedError extends TaskcastError {
  constructor(message = 'Not authenticated') {
    super('AUTH_REQUIRED', message);
  }
}

/** Authenticated, but the role does not allow this. */
export class ForbiddenError extends TaskcastError {
  constructor(message = 'Not allowed for your role') {
    super('FORBIDDEN', message);
  }
}

/** Anything that does not exist, or that the caller may not see (answered the same way). */
export class NotFoundError extends TaskcastError {
  constructor(message = 'Not found') {
    super('NOT_FOUND', message);
  }
}

/** The request conflicts with the current state (with extra JSON fields for the client). */
export class ConflictError extends TaskcastError {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super('CONFLICT', message);
  }
}

/**
 * The HTTP status of every error code, in one place. A test checks that each code the code base
 * defines is listed here (and in docs/api.md).
 */
export const ERROR_STATUS: Record<string, number> = {
  VALIDATION_FAILED: 400,
  TASK_TYPE_UNKNOWN: 400,
  TASK_INPUT_INVALID: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_TOKEN: 401,
  AUTH_BAD_CREDENTIALS: 401,
  LOGIN_THROTTLED: 429,
  FORBIDDEN: 403,
  ORIGIN_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  SCHEDULE_NOT_FOUND: 404,
  NOTIFICATION_RULE_NOT_FOUND: 404,
  NOT_WATCHING: 404,
  NOTIFICATION_NOT_FOUND: 404,
  CONFLICT: 409,
  STORAGE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  TASK_NOT_CANCELLABLE: 409,
  TASK_ALREADY_ACTIVE: 409,
  TASK_INVALID_TRANSITION: 409,
  TASK_LEASE_LOST: 409,
  TASK_NOT_RETRYABLE: 409,
  TASK_NON_RETRYABLE: 500,
  TASK_RETRY_AFTER: 500,
  USERNAME_TAKEN: 409,
  LAST_ADMIN: 409,
  ACCOUNT_DISABLED: 403,
  CURRENT_PASSWORD_WRONG: 400,
  CATEGORY_NAME_TAKEN: 409,
  TASK_TYPE_DUPLICATE: 500,
  TASK_CANCELLED: 409,
  MIGRATION_FAILED: 500,
  CALLER_INVALID: 500,
  CALLER_RESOLVER_FAILED: 500,
  OPTION_INVALID: 500,
  TASKCAST_USAGE: 500,
};

/** Wrong username or password (one message for both, so names cannot be probed). */
export class BadCredentialsError extends TaskcastError {
  constructor() {
    super('AUTH_BAD_CREDENTIALS', 'Invalid username or password');
  }
}

/** The right password of a disabled account (told only once the password is right, so names cannot be probed). */
export class AccountDisabledError extends TaskcastError {
  constructor() {
    super('ACCOUNT_DISABLED', 'This account is disabled; ask an administrator to enable it');
  }
}

/** A password change whose `current_password` is not the caller's password (the session stays). */
export class CurrentPasswordWrongError extends TaskcastError {
  constructor() {
    super('CURRENT_PASSWORD_WRONG', 'current_password: is not your current password');
  }
}

/**
 * The database cannot be reached or is locked by another process for now; the same request may succeed
 * in a moment (answered 503 with Retry-After).
 */
export class StorageUnavailableError extends TaskcastError {
  constructor(
    message = 'The database is temporarily unavailable; retry in a moment',
    /** Seconds the client should wait before retrying (the Retry-After header). */
    readonly retryAfterSeconds = 1,
  ) {
    super('STORAGE_UNAVAILABLE', message);
  }
}

/**
 * The caller sent more requests than its rate limit allows (answered 429; the Retry-After, RateLimit-Policy and
 * RateLimit headers are set where the limit is checked, see src/api/rateLimit/apiRateLimit.ts).
 */
export class RateLimitedError extends TaskcastError {
  constructor(
    /** Seconds until the next request will be accepted (the Retry-After header). */
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', `Too many requests; retry in ${retryAfterSeconds} s`);
  }
}
