/** Why a message could not be delivered, and whether trying again later may help. */

/** Stable codes of {@link DeliveryError}. */
export const DELIVERY_ERROR_CODES = [
  /** The SMTP server or the webhook's host could not be reached (refused, reset, DNS, TLS). */
  'UNREACHABLE',
  /** No answer within the timeout. */
  'TIMEOUT',
  /** The SMTP server refused the recipient or the message (5xx: permanent; 4xx: transient). */
  'SMTP_REJECTED',
  /** Another SMTP failure (a refused login, an unexpected reply). */
  'SMTP_FAILED',
  /** The webhook answered with a status that is not 2xx. */
  'HTTP_STATUS',
  /** The address is unusable: not an e-mail address, not an http(s) URL. */
  'BAD_TARGET',
] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

/**
 * A failed send. `permanent`: the same send will fail again (a 5xx reply to the recipient, a webhook's 404) — the
 * notifier gives the delivery up; otherwise it retries with backoff. The message never holds a credential.
 */
export class DeliveryError extends Error {
  readonly code: DeliveryErrorCode;
  readonly permanent: boolean;
  /** The SMTP reply code or the HTTP status, when there was one. */
  readonly status: number | null;

  constructor(code: DeliveryErrorCode, message: string, permanent: boolean, status: number | null = null, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryError';
    this.code = code;
    this.permanent = permanent;
    this.status = status;
  }
}
