/**
 * SMTP_URL: `smtp://user:pass@host:port` (STARTTLS when the server offers it) or `smtps://…` (TLS from the first
 * byte, port 465 by default). User and password are percent-decoded (`p%40ss` is `p@ss`). Query parameters:
 * `requireTLS=true` (refuse a server without STARTTLS), `ignoreTLS=true` (never STARTTLS),
 * `rejectUnauthorized=false` (accept a self-signed certificate of an internal relay). Anything else is refused, so
 * a typo is found at start-up rather than ignored.
 */

/** SMTP_URL is not a usable SMTP URL (the message names the problem, never the password). */
export class SmtpUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmtpUrlError';
  }
}

/** The connection settings an SMTP_URL names. */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** TLS from the first byte (smtps). */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  requireTLS: boolean;
  ignoreTLS: boolean;
  rejectUnauthorized: boolean;
}

const FLAGS = ['requireTLS', 'ignoreTLS', 'rejectUnauthorized'] as const;

/** The endpoint of `smtpUrl`; throws {@link SmtpUrlError}. */
export function parseSmtpUrl(smtpUrl: string): SmtpEndpoint {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new SmtpUrlError('not a URL: expected smtp://user:password@host:port or smtps://…');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SmtpUrlError(`unsupported scheme ${url.protocol.replace(/:$/, '')}: expected smtp or smtps`);
  }
  if (url.hostname === '') throw new SmtpUrlError('no host');
  if (url.pathname !== '' && url.pathname !== '/') throw new SmtpUrlError('a path is not allowed');
  const secure = url.protocol === 'smtps:';
  const flags: Record<(typeof FLAGS)[number], boolean> = { requireTLS: false, ignoreTLS: false, rejectUnauthorized: true };
  for (const [name, value] of url.searchParams) {
    const flag = FLAGS.find((f) => f === name);
    if (!flag) throw new SmtpUrlError(`unknown parameter ${name}: expected one of ${FLAGS.join(', ')}`);
    if (value !== 'true' && value !== 'false') throw new SmtpUrlError(`${name} must be true or false`);
    flags[flag] = value === 'true';
  }
  const user = decode(url.username, 'user');
  const pass = decode(url.password, 'password');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    auth: user === '' && pass === '' ? null : { user, pass },
    ...flags,
  };
}

/** Null when `smtpUrl` is usable, else the reason (for a setting's validation message). */
export function checkSmtpUrl(smtpUrl: string): string | null {
  try {
    parseSmtpUrl(smtpUrl);
    return null;
  } catch (err) {
    return err instanceof SmtpUrlError ? err.message : String(err);
  }
}

/** `smtpUrl` fit for a log line: the password replaced by `***` (the user and host kept). */
export function redactSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    // Unparseable: cut anything that may be credentials (between the scheme and the last @).
    return smtpUrl.replace(/^([a-z]+:\/\/)[^/]*@/i, '$1***@');
  }
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new SmtpUrlError(`the ${what} is not valid percent-encoding`);
  }
}
