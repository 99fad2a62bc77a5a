/**
 * The task sockets' defaults, in one place: attachTaskSockets falls back on them, and src/config uses them as the
 * defaults of the environment variables behind them (TASKCAST_WS_*), so an embedded Taskcast and the server
 * limit their sockets alike.
 */
export const SOCKET_DEFAULTS = {
  /** Protocol-level ping interval, ms; a client that missed one pong is dropped. */
  pingIntervalMs: 30_000,
  /** Unsent bytes past which a client is too slow and is closed with 1013. */
  maxBufferedBytes: 1_048_576,
  /** Largest message a client may send, bytes (a larger one closes the socket with 1008). */
  maxMessageBytes: 4_096,
  /** Messages a client may send per second (bursts of twice as many); past it the socket is closed with 1008. */
  messagesPerSecond: 20,
  /** How long a socket being closed may take to answer the close frame before it is cut, ms. */
  closeGraceMs: 1_000,
  /** Sockets one user may have open on one node; the next upgrade is refused with 429. */
  maxPerUser: 20,
  /** Upgrades one client address may make per minute (a bucket of as many, refilled evenly); past it: 429. */
  upgradesPerMinute: 120,
} as const;
