/**
 * E-mail over SMTP (nodemailer). One connection per message, closed after it: notifications are few (floods are
 * folded into digests before they get here), and a fresh connection has no pooled state to go stale through an
 * outage of the server — the first send after the server is back simply connects.
 *
 * Time: every send gives up after `timeoutMs` in all (a timer aborts it through nodemailer's per-send AbortSignal;
 * measured in Mailer.test.ts against a peer that accepts TCP and never answers), and nodemailer's own connection,
 * greeting and idle timeouts are the same bound. An abort after the message was handed over but before the server's
 * reply may still deliver it; the notifier's retry then sends it again with the same Message-ID, by which mail
 * clients fold the two.
 *
 * Errors become a {@link DeliveryError}: a 5xx reply to the recipient (RCPT TO) or to the message (DATA) is
 * permanent; a refused or reset connection, a timeout, a 4xx, and a refused login or sender (our configuration,
 * fixed by an admin) are transient. The SMTP password never appears in an error or in {@link Mailer.target}.
 */
import { createTransport, type Transporter } from 'nodemailer';
import { DeliveryError } from './DeliveryError.js';
import { checkEmailAddress } from './emailAddress.js';
import { parseSmtpUrl, redactSmtpUrl, type SmtpEndpoint } from './smtpUrl.js';

/** How a {@link Mailer} connects. */
export interface MailerOptions {
  /** SMTP_URL (see ./smtpUrl.ts). */
  smtpUrl: string;
  /** MAIL_FROM: `Taskcast <taskcast@example.com>` or a bare address. */
  from: string;
  /** The whole send's bound, and each SMTP step's, ms. */
  timeoutMs: number;
}

/** One message to one recipient. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The Message-ID (`<id@host>`; angle brackets added when missing): the same on every retry of one delivery. */
  messageId?: string;
  /** Extra headers (e.g. `X-Taskcast-Delivery`). */
  headers?: Record<string, string>;
}

/** What the server said when it took the message. */
export interface MailSent {
  messageId: string;
  /** The server's final reply (`250 OK: queued as …`). */
  response: string;
}

/** Sends notification e-mail over SMTP. */
export class Mailer {
  /** SMTP_URL without its password, for logs. */
  readonly target: string;
  private readonly transport: Transporter;
  private readonly endpoint: SmtpEndpoint;
  private readonly timeoutMs: number;

  /** Throws SmtpUrlError for an unusable `smtpUrl`, a plain Error for an unusable `from`. */
  constructor(options: MailerOptions) {
    this.endpoint = parseSmtpUrl(options.smtpUrl);
    const fromProblem = checkEmailAddress(options.from, { allowName: true });
    if (fromProblem !== null) throw new Error(`MAIL_FROM: ${fromProblem}`);
    this.target = redactSmtpUrl(options.smtpUrl);
    this.timeoutMs = options.timeoutMs;
    const e = this.endpoint;
    this.transport = createTransport(
      {
        host: e.host,
        port: e.port,
        secure: e.secure,
        ...(e.auth ? { auth: { user: e.auth.user, pass: e.auth.pass } } : {}),
        requireTLS: e.requireTLS,
        ignoreTLS: e.ignoreTLS,
        tls: { rejectUnauthorized: e.rejectUnauthorized },
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
        dnsTimeout: options.timeoutMs,
        logger: false,
        debug: false,
      },
      { from: options.from },
    );
  }

  /** Sends `message`; throws {@link DeliveryError}. */
  async send(message: MailMessage): Promise<MailSent> {
    const toProblem = checkEmailAddress(message.to);
    if (toProblem !== null) throw new DeliveryError('BAD_TARGET', `Неверный адрес получателя: ${toProblem}`, true);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const info = (await this.transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        ...(message.messageId ? { messageId: bracketed(message.messageId) } : {}),
        // RFC 3834: an automatic message, so vacation responders do not answer it.
        headers: { 'Auto-Submitted': 'auto-generated', ...message.headers },
        signal: controller.signal,
      })) as { messageId: string; response: string };
      return { messageId: info.messageId, response: info.response };
    } catch (err) {
      throw this.deliveryError(err, message.to, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Releases the transport (no connection outlives a send; this is for symmetry and future pooling). */
  close(): void {
    this.transport.close();
  }

  /** A nodemailer error as a {@link DeliveryError}, its text free of the password. */
  private deliveryError(err: unknown, to: string, timedOut: boolean): DeliveryError {
    const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown; response?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : '';
    const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
    const command = typeof e.command === 'string' ? e.command.toUpperCase() : '';
    const server = `${this.endpoint.host}:${this.endpoint.port}`;
    const detail = this.scrub(typeof e.response === 'string' && e.response ? e.response : String(e.message ?? err));
    const make = (c: ConstructorParameters<typeof DeliveryError>[0], text: string, permanent: boolean) =>
      new DeliveryError(c, this.scrub(text), permanent, reply, { cause: err });

    if (timedOut || code === 'ETIMEDOUT' || code === 'EABORT') {
      return make('TIMEOUT', `SMTP-сервер ${server} не ответил за ${this.timeoutMs} мс`, false);
    }
    if (reply !== null && reply >= 500 && reply < 600 && reply !== 503 && (command.startsWith('RCPT') || command === 'DATA')) {
      const what = command === 'DATA' ? 'письмо' : `получателя ${to}`;
      return make('SMTP_REJECTED', `SMTP-сервер ${server} отклонил ${what}: ${detail}`, true);
    }
    if (reply !== null && reply >= 400 && reply < 500) {
      return make('SMTP_REJECTED', `SMTP-сервер ${server} временно отказал: ${detail}`, false);
    }
    if (code === 'EENVELOPE' && reply === null) {
      return make('BAD_TARGET', `Неверный адрес получателя ${to}: ${detail}`, true);
    }
    if (UNREACHABLE_CODES.has(code)) {
      return make('UNREACHABLE', `Не удалось связаться с SMTP-сервером ${server}: ${detail}`, false);
    }
    if (code === 'EAUTH' || code === 'ENOAUTH') {
      return make('SMTP_FAILED', `SMTP-сервер ${server} не принял вход (проверьте SMTP_URL): ${detail}`, false);
    }
    return make('SMTP_FAILED', `Ошибка SMTP-сервера ${server}${command ? ` на ${command}` : ''}: ${detail}`, false);
  }

  /** `text` with the password (as written and percent-encoded) replaced by `***`. */
  private scrub(text: string): string {
    const pass = this.endpoint.auth?.pass;
    if (!pass) return text;
    return text.split(pass).join('***').split(encodeURIComponent(pass)).join('***');
  }
}

/** Codes of a connection that failed or broke (nodemailer's, and Node's should one come through bare). */
const UNREACHABLE_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

function bracketed(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}
