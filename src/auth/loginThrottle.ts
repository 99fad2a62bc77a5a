/**
 * Log-in throttling (issue 13): failed log-ins are counted per user name (from every address) and per client address
 * in a {@link LoginAttemptStore} shared by the nodes; past the limits the attempt is refused with 429 before the
 * password is looked at. A refused attempt never runs scrypt (0.3 s of a core and 128 MiB each), so a flood of wrong
 * passwords cannot take the CPU from everyone else's log-ins, and is not counted (it proved nothing).
 *
 * Attempts already past the check when a lock begins still run: the check and the count are separate steps, so a
 * burst of N concurrent attempts may all be verified. The bound is then the burst, not the flood behind it.
 */
import { TaskcastError } from '../engine/index.js';
import type { LoginAttemptStore, LoginFailurePolicy } from './loginAttempts.js';
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

  /** Throws {@link LoginThrottledError} while the name or the address is locked; call it before verifying the password. */
  async check(username: string, address: string): Promise<void> {
    const lockMs = await this.#store.loginLockMs([nameKey(username), addressKey(address)]);
    if (lockMs > 0) throw new LoginThrottledError(lockMs);
  }

  /** Counts a failed log-in against the name and the address; answers the longer lock it started, ms (0: none yet). */
  async failed(username: string, address: string): Promise<number> {
    const [name, addr] = await Promise.all([
      this.#store.recordLoginFailure(nameKey(username), this.#perName),
      this.#store.recordLoginFailure(addressKey(address), this.#perAddress),
    ]);
    return Math.max(name, addr);
  }

  /** A successful log-in: the name's failures are forgotten (the address's stay: it may be trying many names). */
  async succeeded(username: string): Promise<void> {
    await this.#store.resetLoginFailures(nameKey(username));
  }
}
