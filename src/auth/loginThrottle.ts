/**
 * Log-in throttling (issue 13): failed log-ins are counted per user name (from every address) and per client address
 * in a {@link LoginAttemptStore} shared by the nodes; past the limits the attempt is refused with 429 before the
 * password is looked at. A refused attempt never runs scrypt (0.3 s of a core and 128 MiB each), so a flood of wrong
 * passwords cannot take the CPU from everyone else's log-ins, and is not counted (it proved nothing).
 *
 * An attempt is counted as a failure when it begins, before scrypt, in the same atomic step as the check (a
 * reservation): attempts in flight count, so a burst of N parallel wrong passwords for one name runs scrypt at most
 * `maxFailures` times and the rest are refused at once. A right password takes its count back (the name's count is
 * reset, the address's reservation released), as does an attempt that ends in an error before it proved anything. An
 * attempt cut short by a crash stays counted as a failure (the safe side).
 */
import { TaskcastError } from '../engine/index.js';
import type { LoginAttemptStore, LoginFailurePolicy, LoginReservation } from './loginAttempts.js';
import type { LoginLimits } from './loginLimits.js';

/** Too many failed log-ins for this name or from this address: 429 with Retry-After, the detail in Russian. */
export class LoginThrottledError extends TaskcastError {
  /** Seconds until the lock ends (the Retry-After header, and `retry_after` in the body). */
  readonly retryAfterSeconds: number;

  constructor(lockMs: number) {
    const seconds = Math.max(1, Math.ceil(lockMs / 1000));
    super('LOGIN_THROTTLED', `Слишком много попыток входа. Повторите через ${waitInRussian(seconds)}`);
    this.retryAfterSeconds = seconds;
  }
}

/** «45 с» under a minute, else whole minutes rounded up: «4 мин». */
export function waitInRussian(seconds: number): string {
  return seconds < 60 ? `${seconds} с` : `${Math.ceil(seconds / 60)} мин`;
}

/** The store key of a user name: case-insensitive, as account names are. */
const nameKey = (username: string) => `name:${username.toLowerCase()}`;
/** The store key of a client address. */
const addressKey = (address: string) => `addr:${address}`;

/** The log-in limits of one Taskcast, applied through its store. */
export class LoginThrottle {
  readonly #store: LoginAttemptStore;
  readonly #perName: LoginFailurePolicy;
  readonly #perAddress: LoginFailurePolicy;

  constructor(store: LoginAttemptStore, limits: LoginLimits) {
    this.#store = store;
    const { windowMs, lockBaseMs, lockMaxMs } = limits;
    this.#perName = { maxFailures: limits.maxFailures, windowMs, lockBaseMs, lockMaxMs };
    this.#perAddress = { maxFailures: limits.maxFailuresPerAddress, windowMs, lockBaseMs, lockMaxMs };
  }

  /**
   * Begins a log-in attempt before the password is verified: throws {@link LoginThrottledError} while the name or the
   * address is locked (nothing counted), else counts the attempt as a failure of both and answers it, to be settled.
   */
  async begin(username: string, address: string): Promise<LoginAttempt> {
    const name = await this.#store.reserveLoginAttempt(nameKey(username), this.#perName);
    if (!name.counted) throw new LoginThrottledError(name.lockMs);
    let addr: LoginReservation;
    try {
      addr = await this.#store.reserveLoginAttempt(addressKey(address), this.#perAddress);
    } catch (err) {
      await this.#store.releaseLoginAttempt(nameKey(username), this.#perName);
      throw err;
    }
    if (!addr.counted) {
      await this.#store.releaseLoginAttempt(nameKey(username), this.#perName);
      throw new LoginThrottledError(addr.lockMs);
    }
    return new LoginAttempt(this.#store, username, address, this.#perName, this.#perAddress, Math.max(name.lockMs, addr.lockMs));
  }
}

/** One log-in attempt counted by {@link LoginThrottle.begin}: settle it once, by what the password check proved. */
export class LoginAttempt {
  #settled = false;

  constructor(
    private readonly store: LoginAttemptStore,
    private readonly username: string,
    private readonly address: string,
    private readonly perName: LoginFailurePolicy,
    private readonly perAddress: LoginFailurePolicy,
    /** The lock the attempt's count began, ms (0: none). */
    readonly lockMs: number,
  ) {}

  /** The password was wrong: the attempt stays counted. Answers the lock its count began, ms (0: none yet). */
  failed(): number {
    this.#settled = true;
    return this.lockMs;
  }

  /** A right password: the name's failures are forgotten, the address's count of this attempt taken back (the address's
   * earlier failures stay: it may be trying many names). */
  async succeeded(): Promise<void> {
    if (this.#settle()) await Promise.all([this.store.resetLoginFailures(nameKey(this.username)), this.#releaseAddress()]);
  }

  /** Proved nothing (an error before the check, a right password of a disabled account): the counts are taken back. */
  async abandon(): Promise<void> {
    if (this.#settle()) {
      await Promise.all([this.store.releaseLoginAttempt(nameKey(this.username), this.perName), this.#releaseAddress()]);
    }
  }

  #releaseAddress(): Promise<void> {
    return this.store.releaseLoginAttempt(addressKey(this.address), this.perAddress);
  }

  /** true the first time (the one to act), false after. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    return true;
  }
}
