/**
 * A real SMTP server on a loopback port (smtp-server), every message it accepts parsed (mailparser) and kept: the
 * peer the e-mail channel and the notifier's end-to-end tests send to. It can be stopped and started again on the
 * same port (an outage: connections are refused meanwhile), refuse given recipients with a 550, and require a login.
 *
 *   const peer = await startSmtpPeer();
 *   const mailer = new Mailer({ smtpUrl: peer.url, from: 'Taskcast <taskcast@example.com>', timeoutMs: 5000 });
 *   await mailer.send({ to: 'ops@example.com', … });
 *   const [mail] = await peer.waitForMessages(1);
 *   await peer.stop(); …; await peer.restart();
 *   await peer.close();
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the peer received and parsed it. */
export interface ReceivedMail {
  /** The SMTP envelope: MAIL FROM and every accepted RCPT TO. */
  envelope: { from: string; to: string[] };
  /** The From header's address. */
  from: string;
  /** The To header's addresses. */
  to: string[];
  subject: string;
  text: string;
  /** The HTML part ('' when none). */
  html: string;
  /** The Message-ID header, with its angle brackets. */
  messageId: string;
  /** Every header, lower-case names, as mailparser reads them (e.g. `headers.get('auto-submitted')`). */
  headers: Map<string, unknown>;
  /** The user that logged in, or null. */
  user: string | null;
}

/** How the peer behaves. */
export interface SmtpPeerOptions {
  /** Listen on this port (default: a free one). */
  port?: number;
  /** Recipients answered `550 5.1.1 mailbox unavailable` at RCPT TO (compared case-insensitively). */
  rejectRecipients?: readonly string[];
  /** Require a login with one of these user → password pairs (AUTH PLAIN/LOGIN over plain text). */
  users?: Readonly<Record<string, string>>;
}

/** A running peer. */
export interface SmtpPeer {
  /** The port it listens on (kept across {@link SmtpPeer.restart}). */
  readonly port: number;
  /** `smtp://127.0.0.1:<port>` (no login). */
  readonly url: string;
  /** `smtp://user:pass@127.0.0.1:<port>`, each part percent-encoded. */
  urlWithLogin(user: string, pass: string): string;
  /** Every accepted message, in arrival order (across restarts). */
  readonly messages: readonly ReceivedMail[];
  /** Recipients refused with a 550 so far. */
  readonly rejected: readonly string[];
  /** Resolves with the messages once at least `n` arrived; rejects after `timeoutMs` saying how many came. */
  waitForMessages(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Stops listening and drops open connections: new ones are refused until {@link SmtpPeer.restart}. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

/** Starts a peer on 127.0.0.1. */
export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  const rejected: string[] = [];
  const waiters = new Set<() => void>();
  const refuse = new Set((options.rejectRecipients ?? []).map((a) => a.toLowerCase()));
  const users = options.users;
  let server: SMTPServer | null = null;

  const makeServer = () =>
    new SMTPServer({
      logger: false,
      disabledCommands: users ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !users,
      allowInsecureAuth: true,
      closeTimeout: 50,
      onAuth(auth, _session, callback) {
        if (users && auth.username !== undefined && Object.hasOwn(users, auth.username) && users[auth.username] === auth.password) {
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        }
      },
      onRcptTo(address, _session, callback) {
        if (refuse.has(address.address.toLowerCase())) {
          rejected.push(address.address);
          callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
        } else callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              from: addresses(parsed.from)[0] ?? '',
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              headers: parsed.headers as Map<string, unknown>,
              user: typeof session.user === 'string' ? session.user : null,
            });
            for (const wake of [...waiters]) wake();
            callback();
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      },
    });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = makeServer();
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        // Errors of client connections (a client that hangs up) are the client's business.
        s.on('error', () => {});
        server = s;
        const address = s.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      for (const connection of s.connections) connection.close();
      s.close(() => resolve());
    });

  const port = await listen(options.port ?? 0);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    urlWithLogin: (user, pass) => `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    messages,
    rejected,
    waitForMessages(n, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP peer: ${messages.length} of ${n} messages arrived in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop,
    async restart() {
      if (!server) await listen(port);
    },
    close: stop,
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((a) => a.value.map((v) => v.address ?? ''));
}
