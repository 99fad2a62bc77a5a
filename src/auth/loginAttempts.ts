/**
 * The log-in failures port (issue 13): failed log-ins counted per key — a user name, a client address — in a store
 * every node shares (the database, or Redis when REDIS_URL is set), so the limits hold across nodes and restarts.
 * Implemented by SQLite, PostgreSQL and Redis (src/store); conformance suite:
 * test/store/conformance/describeLoginAttemptStore.ts. The policy (which keys, which limits) is loginThrottle.ts's.
 */

/** The limits of one key, applied by the store in the same atomic step that counts a failure. */
export interface LoginFailurePolicy {
  /** Failures within the window after which the key is locked. */
  maxFailures: number;
  /** The window the failures are counted in, ms: it starts at the key's first failure, and stays open while a lock runs. */
  windowMs: number;
  /** The first lock, ms; each further failure doubles it. */
  lockBaseMs: number;
  /** The longest lock, ms. */
  lockMaxMs: number;
}

/** What {@link LoginAttemptStore.reserveLoginAttempt} did with an attempt. */
export interface LoginReservation {
  /** true: the attempt was counted as a failure and may go on; false: the key is locked, nothing was counted. */
  counted: boolean;
  /** counted: the lock this count began, ms (0: none); not counted: the lock in force (at least 1). */
  lockMs: number;
}

/** Counts failed log-ins per key, atomically, on the store's own clock. */
export interface LoginAttemptStore {
  /**
   * Before the password is checked: refuses the attempt while `key` is locked (nothing counted), else counts it as a
   * failure at once and answers the lock this began. Counted before the check, so parallel attempts see each other:
   * a burst for one key gets past the check only until the limit is reached, the rest are refused without a password
   * check. The count starts again at 1 when the window has passed. Reaching `maxFailures` locks the key for
   * `lockBaseMs`, each failure beyond it (after a lock is over) for twice as long as the one before (at most
   * `lockMaxMs`); the window then lasts until `windowMs` after the lock ends, so a failure just after a lock still
   * counts. One atomic statement (or script): attempts on several nodes all count.
   */
  reserveLoginAttempt(key: string, policy: LoginFailurePolicy): Promise<LoginReservation>;
  /**
   * Takes back one counted attempt that proved not to be a failure (a right password for the address's count, an
   * error before the check); below `maxFailures` the key's lock is lifted. Nothing when the window is over.
   */
  releaseLoginAttempt(key: string, policy: LoginFailurePolicy): Promise<void>;
  /** The longest lock in force among `keys`, ms (0: none); reads only. */
  loginLockMs(keys: readonly string[]): Promise<number>;
  /** Forgets `key`'s failures and lock (a successful log-in of that name). */
  resetLoginFailures(key: string): Promise<void>;
}

/**
 * The lock after `failures` failures, ms: 0 below `maxFailures`, then `lockBaseMs` doubled for each failure beyond
 * it, at most `lockMaxMs`. The stores compute the same in SQL and Lua (the doubling stops after 30, far past any cap).
 */
export function loginLockFor(failures: number, policy: LoginFailurePolicy): number {
  if (failures < policy.maxFailures) return 0;
  return Math.min(policy.lockMaxMs, policy.lockBaseMs * 2 ** Math.min(failures - policy.maxFailures, 30));
}
