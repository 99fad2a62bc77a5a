/**
 * createTaskcast's own defaults (the engine's are ENGINE_DEFAULTS, the sockets' SOCKET_DEFAULTS), in one place:
 * its options fall back on them, and src/config uses them as the defaults of the environment variables behind
 * them (TASKCAST_SHUTDOWN_GRACE_MS, TASKCAST_TOKEN_TTL_SECONDS), so an embedded Taskcast and the server agree.
 */
export const TASKCAST_DEFAULTS = {
  /** On close(), time given to running tasks before they are handed back, ms. */
  shutdownGraceMs: 10_000,
  /** Lifetime of a token of Taskcast's own accounts, seconds (12 hours). */
  tokenTtlSeconds: 12 * 3600,
} as const;
