/** The delivery channels: e-mail over SMTP and signed webhooks, and the error both report a failed send with. */
export { DeliveryError, DELIVERY_ERROR_CODES, type DeliveryErrorCode } from './DeliveryError.js';
export { Mailer, type MailerOptions, type MailMessage, type MailSent } from './Mailer.js';
export { parseSmtpUrl, checkSmtpUrl, redactSmtpUrl, SmtpUrlError, type SmtpEndpoint } from './smtpUrl.js';
