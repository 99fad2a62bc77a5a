import type { OneCErrorCode } from './oneCErrorCodes.js';

/** Base class of every error the 1C integration throws; `code` is stable, `message` is for people. */
export class OneCError extends Error {
  /** Stable machine-readable code from ONEC_ERROR_CODES. */
  readonly code: OneCErrorCode;
  /** True when trying the same thing again later may succeed (a task may be retried). */
  readonly retryable: boolean;

  constructor(code: OneCErrorCode, message: string, retryable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
  }
}
