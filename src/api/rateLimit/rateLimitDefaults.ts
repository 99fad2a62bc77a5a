/**
 * The HTTP API's rate limit defaults, in one place: the API falls back on them, and src/config uses them as the
 * defaults of TASKCAST_API_RATE_PER_S and TASKCAST_API_BURST, so an embedded Taskcast and the server agree.
 * Chosen so that a browser session never meets them (the web app makes a few requests per page).
 */
export const API_RATE_DEFAULTS = {
  /** Requests per second one caller (a user, or an address when unauthenticated) may make on average. */
  perSecond: 20,
  /** Requests one caller may make at once after a pause (the token bucket's size). */
  burst: 100,
} as const;
