/**
 * The log-in limits (issue 13), with their defaults in one place: createTaskcast's `auth.login` falls back on them,
 * and src/config uses them as the defaults of TASKCAST_LOGIN_MAX_FAILURES and the variables beside it.
 */

/** How many failed log-ins are allowed, and how long a name or an address is then locked. */
export interface LoginLimits {
  /** Failed log-ins of one user name (from any address) within `windowMs` before further attempts get 429. */
  maxFailures: number;
  /** Failed log-ins from one client address (for any names) within `windowMs` before further attempts get 429. */
  maxFailuresPerAddress: number;
  /** The window failures are counted in, ms (it starts at the first failure of a name or an address). */
  windowMs: number;
  /** The first lock, ms; it doubles with each further failure once the lock is over. */
  lockBaseMs: number;
  /** The longest lock, ms. */
  lockMaxMs: number;
}

/** The defaults: 5 failures of a name or 20 of an address in 15 minutes, then 1 minute, doubling up to 15 minutes. */
export const LOGIN_DEFAULTS: Readonly<LoginLimits> = {
  maxFailures: 5,
  maxFailuresPerAddress: 20,
  windowMs: 15 * 60_000,
  lockBaseMs: 60_000,
  lockMaxMs: 15 * 60_000,
};
