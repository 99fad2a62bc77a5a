/** The notifier's settings and their defaults, in one place (src/config maps the environment variables onto them). */
export interface NotifierSettings {
  /** Whether this node expands events and sends deliveries (any number of nodes may: each is sent once). */
  enabled: boolean;
  /** SMTP server, `smtp://user:password@host:port` (`smtps://` for TLS); empty: e-mail is not sent (deliveries wait). */
  smtpUrl: string;
  /** The From of every e-mail. */
  mailFrom: string;
  /** The app's address as people open it, for links to a task (`https://tasks.example.com`); empty: no links. */
  publicUrl: string;
  /** Flood control: after an immediate message for a rule and recipient, further events in this window join one digest, ms. */
  floodWindowMs: number;
  /** First retry of a failed delivery after this long, doubling each time, ms. */
  retryBaseMs: number;
  /** The longest wait between two tries of one delivery, ms. */
  retryMaxMs: number;
  /** A delivery still failing this long after it was planned is given up (kept as failed), ms. */
  giveUpMs: number;
  /** A node that claimed a delivery holds it this long; if it dies, another node retries after, ms. */
  leaseMs: number;
  /** The longest a node sleeps between two looks at the outbox, whatever the database's wake-ups say, ms. */
  backstopMs: number;
  /** Time allowed to one SMTP conversation or webhook POST, ms. */
  sendTimeoutMs: number;
  /** How often running tasks are checked for `stuck` rules, ms. */
  stuckScanMs: number;
  /** Errors quoted in a digest. */
  digestQuotes: number;
  /** Processed events, sent deliveries and read bell lines are deleted after this long, ms. */
  retentionMs: number;
}

export const NOTIFIER_DEFAULTS: NotifierSettings = {
  enabled: true,
  smtpUrl: '',
  mailFrom: 'Taskcast <taskcast@localhost>',
  publicUrl: '',
  floodWindowMs: 60_000,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
  giveUpMs: 86_400_000,
  leaseMs: 60_000,
  backstopMs: 5_000,
  sendTimeoutMs: 10_000,
  stuckScanMs: 60_000,
  digestQuotes: 5,
  retentionMs: 30 * 86_400_000,
};

/** Events one expansion pass reads, and deliveries one send pass claims. */
export const NOTIFIER_BATCH = 100;

/** Deliveries one node sends at once. */
export const SEND_CONCURRENCY = 8;
