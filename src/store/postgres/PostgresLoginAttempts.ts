import type pg from 'pg';
import type { LoginAttemptStore, LoginFailurePolicy, LoginReservation } from '../../auth/index.js';

// The database's clock, in ms since the epoch: every node reads the same one, whatever its own says.
const NOW_MS = `(extract(epoch FROM now()) * 1000)::bigint`;
// The count after this failure, from the row as the last failure left it: 1 again once its window is over.
const COUNT = `CASE WHEN f.expires_ms <= ${NOW_MS} THEN 1 ELSE f.failures + 1 END`;
// The lock's end after `count` failures (0: none): $4 doubled per failure past $3 (at most 30 times), at most $5.
const lockUntil = (count: string) =>
  `CASE WHEN ${count} >= $3::bigint THEN ${NOW_MS} + LEAST($5::bigint, $4::bigint * (1::bigint << LEAST(${count} - $3::bigint, 30)::int)) ELSE 0 END`;
// -- Params: $1 key, $2 window ms, $3 failures before the lock, $4 first lock ms, $5 longest lock ms.
// One upsert: the row lock orders the attempts of every node, each computed from the row as the one before left it.
// The window lasts until $2 after a lock, so a failure just after the lock still counts and doubles it. A key locked
// now is left as it is and answers no row (the attempt is refused, not counted).
const RESERVE = `INSERT INTO login_failures AS f (key, failures, expires_ms, locked_until_ms)
  VALUES ($1, 1, GREATEST(${NOW_MS} + $2::bigint, ${lockUntil('1')} + $2::bigint), ${lockUntil('1')})
  ON CONFLICT (key) DO UPDATE SET
    failures = ${COUNT},
    locked_until_ms = GREATEST(CASE WHEN f.expires_ms <= ${NOW_MS} THEN 0 ELSE f.locked_until_ms END, ${lockUntil(COUNT)}),
    expires_ms = GREATEST(CASE WHEN f.expires_ms <= ${NOW_MS} THEN ${NOW_MS} + $2::bigint ELSE f.expires_ms END, ${lockUntil(COUNT)} + $2::bigint)
  WHERE f.locked_until_ms <= ${NOW_MS}
  RETURNING GREATEST(0, f.locked_until_ms - ${NOW_MS})::double precision AS lock_ms`;
// -- Params: $1 key, $2 failures before the lock. One counted attempt taken back; below the limit the lock goes with it.
const RELEASE = `UPDATE login_failures SET failures = failures - 1,
    locked_until_ms = CASE WHEN failures - 1 < $2::bigint THEN 0 ELSE locked_until_ms END
  WHERE key = $1 AND failures > 0 AND expires_ms > ${NOW_MS}`;
// -- Params: $1 the keys (text[]).
const LOCK = `SELECT GREATEST(0, COALESCE(MAX(locked_until_ms), 0) - ${NOW_MS})::double precision AS lock_ms
  FROM login_failures WHERE key = ANY($1::text[])`;
// -- Params: $1 key.
const RESET = `DELETE FROM login_failures WHERE key = $1`;
// Rows whose window and lock are over (login_failures_expires).
const PRUNE = `DELETE FROM login_failures WHERE expires_ms <= ${NOW_MS}`;

/** How often a node deletes the rows nobody needs any more, ms. */
const PRUNE_EVERY_MS = 60_000;

/** Failed log-ins on PostgreSQL, shared by every node on the database; an attempt is one upsert (row lock). */
export class PostgresLoginAttempts implements LoginAttemptStore {
  private prunedAt = 0;

  constructor(private readonly pool: pg.Pool) {}

  async reserveLoginAttempt(key: string, policy: LoginFailurePolicy): Promise<LoginReservation> {
    if (Date.now() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = Date.now();
      await this.pool.query(PRUNE);
    }
    const { windowMs, maxFailures, lockBaseMs, lockMaxMs } = policy;
    const result = await this.pool.query<{ lock_ms: number }>(RESERVE, [key, windowMs, maxFailures, lockBaseMs, lockMaxMs]);
    if (result.rows[0]) return { counted: true, lockMs: result.rows[0].lock_ms };
    return { counted: false, lockMs: Math.max(1, await this.loginLockMs([key])) };
  }

  async releaseLoginAttempt(key: string, policy: LoginFailurePolicy): Promise<void> {
    await this.pool.query(RELEASE, [key, policy.maxFailures]);
  }

  async loginLockMs(keys: readonly string[]): Promise<number> {
    return (await this.pool.query<{ lock_ms: number }>(LOCK, [keys])).rows[0]!.lock_ms;
  }

  async resetLoginFailures(key: string): Promise<void> {
    await this.pool.query(RESET, [key]);
  }
}
