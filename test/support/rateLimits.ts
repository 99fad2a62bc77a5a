/**
 * Rate limits no test of another feature meets: tests open many sockets and send many requests. Test servers
 * (testServer.ts) and the server processes of test/cluster and bench/cluster use them unless a test is about limits.
 */
import type { SocketOptions } from '../../src/api/index.js';
import type { RateLimitOptions } from '../../src/taskcast/index.js';

/** Large enough to never bind, small enough to stay exact in a double. */
const HUGE = 1e9;

/** The HTTP rate limit of a test server. */
export const UNLIMITED_RATE: RateLimitOptions = { perSecond: HUGE, burst: HUGE };

/** The sockets' per-user and per-address limits of a test server (the message limits keep the API's defaults). */
export const UNLIMITED_SOCKETS: SocketOptions = { maxPerUser: HUGE, upgradesPerMinute: HUGE };

/** The same, as the environment of a server process. */
export const UNLIMITED_RATE_ENV = {
  TASKCAST_API_RATE_PER_S: String(HUGE),
  TASKCAST_API_BURST: String(HUGE),
  TASKCAST_WS_MAX_PER_USER: String(HUGE),
  TASKCAST_WS_UPGRADES_PER_MIN: String(HUGE),
} as const;
