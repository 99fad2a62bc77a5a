import type Database from 'better-sqlite3';
import type { LoginAttemptStore, LoginFailurePolicy, LoginReservation } from '../../auth/index.js';

// The count after this failure, from the row as the last failure left it: 1 again once its window is over.
const COUNT = `CASE WHEN expires_ms <= @now THEN 1 ELSE failures + 1 END`;
// The lock's end after `count` failures (0: none): @base doubled per failure past @max (at most 30 times), at most @cap.
const lockUntil = (count: string) => `CASE WHEN ${count} >= @max THEN @now + MIN(@cap, @base * (1 << MIN(${count} - @max, 30))) ELSE 0 END`;
// -- Params: @key, @now ms since the epoch, @window ms, @max failures before the lock, @base first lock ms, @cap longest lock ms.
// One upsert, so SQLite's write lock orders the attempts of every process; the window lasts until @window after a lock.
// A key locked now is left as it is and answers no row (the attempt is refused, not counted).
const RESERVE = `INSERT INTO login_failures (key, failures, expires_ms, locked_until_ms)
  VALUES (@key, 1, MAX(@now + @window, ${lockUntil('1')} + @window), ${lockUntil('1')})
  ON CONFLICT (key) DO UPDATE SET
    failures = ${COUNT},
    locked_until_ms = MAX(CASE WHEN expires_ms <= @now THEN 0 ELSE locked_until_ms END, ${lockUntil(COUNT)}),
    expires_ms = MAX(CASE WHEN expires_ms <= @now THEN @now + @window ELSE expires_ms END, ${lockUntil(COUNT)} + @window)
  WHERE locked_until_ms <= @now
  RETURNING MAX(0, locked_until_ms - @now) AS lock_ms`;
// -- Params: @key, @now, @max. One counted attempt taken back; below the limit the lock goes with it.
const RELEASE = `UPDATE login_failures SET failures = failures - 1,
    locked_until_ms = CASE WHEN failures - 1 < @max THEN 0 ELSE locked_until_ms END
  WHERE key = @key AND failures > 0 AND expires_ms > @now`;
// -- Params: @keys a JSON array of keys, @now.
const LOCK = `SELECT MAX(0, COALESCE(MAX(locked_until_ms), 0) - @now) AS lock_ms FROM login_failures
  WHERE key IN (SELECT value FROM json_each(@keys))`;
// -- Params: @key.
const RESET = `DELETE FROM login_failures WHERE key = @key`;
// -- Params: @now. Rows whose window and lock are over (login_failures_expires).
const PRUNE = `DELETE FROM login_failures WHERE expires_ms <= @now`;

/** How often a process deletes the rows nobody needs any more, ms. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Failed log-ins on SQLite. Every process sharing the file shares the counts; they all run on one machine, so its
 * clock (Date.now) is the common one. Each attempt is one write statement.
 */
export class SqliteLoginAttempts implements LoginAttemptStore {
  private s!: ReturnType<SqliteLoginAttempts['statements']>;
  private prunedAt = 0;

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    this.s = this.statements();
  }

  private statements() {
    return {
      reserve: this.db.prepare(RESERVE),
      release: this.db.prepare(RELEASE),
      lock: this.db.prepare(LOCK),
      reset: this.db.prepare(RESET),
      prune: this.db.prepare(PRUNE),
    };
  }

  async reserveLoginAttempt(key: string, policy: LoginFailurePolicy): Promise<LoginReservation> {
    const now = Date.now();
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.s.prune.run({ now });
      this.prunedAt = now;
    }
    const row = this.s.reserve.get({
      key,
      now,
      window: policy.windowMs,
      max: policy.maxFailures,
      base: policy.lockBaseMs,
      cap: policy.lockMaxMs,
    }) as { lock_ms: number } | undefined;
    if (row) return { counted: true, lockMs: row.lock_ms };
    return { counted: false, lockMs: Math.max(1, await this.loginLockMs([key])) };
  }

  async releaseLoginAttempt(key: string, policy: LoginFailurePolicy): Promise<void> {
    this.s.release.run({ key, now: Date.now(), max: policy.maxFailures });
  }

  async loginLockMs(keys: readonly string[]): Promise<number> {
    return (this.s.lock.get({ keys: JSON.stringify(keys), now: Date.now() }) as { lock_ms: number }).lock_ms;
  }

  async resetLoginFailures(key: string): Promise<void> {
    this.s.reset.run({ key });
  }
}
