/** The delivery channels: e-mail over SMTP and signed webhooks, and the error both report a failed send with. */
export { DeliveryError, DELIVERY_ERROR_CODES, type DeliveryErrorCode } from './DeliveryError.js';
export { Mailer, type MailerOptions, type MailMessage, type MailSent } from './Mailer.js';
export { checkEmailAddress, EMAIL_ADDRESS_MAX } from './emailAddress.js';
export { parseSmtpUrl, checkSmtpUrl, redactSmtpUrl, SmtpUrlError, type SmtpEndpoint } from './smtpUrl.js';
export { postWebhook, checkWebhookUrl, WEBHOOK_URL_MAX, type WebhookRequest } from './postWebhook.js';
export {
  signWebhook,
  verifyWebhook,
  SIGNATURE_HEADER,
  DELIVERY_HEADER,
  DEFAULT_TOLERANCE_SEC,
  type WebhookRefusal,
  type WebhookVerdict,
  type VerifyWebhookOptions,
} from './webhookSignature.js';
