import type { OneCErrorCode } from './oneCErrorCodes.js';

/** Base class of every error the 1C integration throws; `code` is stable, `message` is for people. */
export class OneCError extends Error {
  /** Stable machine-readable code from ONEC_ERROR_CODES. */
  readonly code: OneCErrorCode;
  /** True when trying the same thing again later may succeed (a task may be retried). */
  readonly retryable: boolean;
  /**
   * When 1C (or the web server in front) said it may be asked again (a 429/503's `Retry-After`, epoch ms), set on
   * the error the client gives up with; a task failing with it is retried then rather than after its backoff.
   */
  retryAt?: number;

  constructor(code: OneCErrorCode, message: string, retryable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
  }
}
