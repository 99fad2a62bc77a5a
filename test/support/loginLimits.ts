/**
 * Log-in limits so large they never bind (issue 13): for the servers of tests that are not about throttling, which log
 * in many times, some with wrong passwords on purpose. The tests of the limits themselves set their own.
 */

/** As createTaskcast's `auth.login` option. */
export const UNLIMITED_LOGIN = { maxFailures: 1_000_000_000, maxFailuresPerAddress: 1_000_000_000 } as const;

/** As the server's environment (TASKCAST_LOGIN_*). */
export const UNLIMITED_LOGIN_ENV: Readonly<Record<string, string>> = {
  TASKCAST_LOGIN_MAX_FAILURES: String(UNLIMITED_LOGIN.maxFailures),
  TASKCAST_LOGIN_MAX_FAILURES_PER_ADDRESS: String(UNLIMITED_LOGIN.maxFailuresPerAddress),
};
