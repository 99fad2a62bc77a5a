import { Redis } from 'ioredis';
import type { LoginAttemptStore, LoginFailurePolicy, LoginReservation } from '../../auth/index.js';

// A key's failures as a hash {failures, expires, lockedUntil} (ms since the epoch on the Redis server's clock, so nodes
// agree), changed atomically by one script, expiring with its window. ARGV[1] the mode:
// 'reserve' (KEYS[1]; ARGV window, failures before the lock, first lock, longest lock): while the key is locked answers
// {0, the lock in force} and counts nothing, else counts the attempt and answers {1, the lock it began (0: none)};
// 'release' (KEYS[1]; ARGV failures before the lock): one counted attempt taken back, and the lock below the limit;
// 'lock' (KEYS: every key asked about): the longest lock in force among them, ms (0: none).
// The same rule as the database's (src/auth/loginAttempts.ts): the count starts again once the window is over; from
// the limit on, the first lock doubled per failure past it (at most 30 times), at most the longest; the window then
// lasts until a window after the lock. Numbers are written with %.0f (tostring would use exponents past 1e14).
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] == 'lock' then
  local longest = 0
  for _, key in ipairs(KEYS) do
    longest = math.max(longest, (tonumber(redis.call('HGET', key, 'lockedUntil')) or 0) - now)
  end
  return string.format('%.0f', longest)
end
local window, max, base, cap = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local h = redis.call('HMGET', KEYS[1], 'failures', 'expires', 'lockedUntil')
local failures, expires, lockedUntil = tonumber(h[1]) or 0, tonumber(h[2]) or 0, tonumber(h[3]) or 0
if ARGV[1] == 'release' then
  if expires > now and failures > 0 then
    failures = failures - 1
    if failures < tonumber(ARGV[2]) then lockedUntil = 0 end
    redis.call('HSET', KEYS[1], 'failures', string.format('%.0f', failures), 'lockedUntil', string.format('%.0f', lockedUntil))
  end
  return 0
end
if lockedUntil > now then
  return {0, string.format('%.0f', lockedUntil - now)}
end
if expires <= now then
  failures, expires, lockedUntil = 0, now + window, 0
end
failures = failures + 1
if failures >= max then
  lockedUntil = math.max(lockedUntil, now + math.min(cap, base * 2 ^ math.min(failures - max, 30)))
  expires = math.max(expires, lockedUntil + window)
end
redis.call('HSET', KEYS[1], 'failures', string.format('%.0f', failures), 'expires', string.format('%.0f', expires),
  'lockedUntil', string.format('%.0f', lockedUntil))
redis.call('PEXPIRE', KEYS[1], math.max(1, expires - now))
return {1, string.format('%.0f', math.max(0, lockedUntil - now))}
`;

/**
 * Failed log-ins in Redis (REDIS_URL): the same counts as the database's without a database write per failure. The
 * keys are prefixed with the installation's namespace (a Redis may serve several installations, whose user names
 * must not lock each other); a key expires when its window and its lock are over.
 */
export class RedisLoginAttempts implements LoginAttemptStore {
  readonly #redis: Redis;

  constructor(
    url: string,
    /** The installation's name on this Redis (databaseBusNamespace, or the data directory for SQLite). */
    private readonly namespace: string,
  ) {
    this.#redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    // Failures reach the caller through the rejected command; an idle connection's error must not crash the process.
    this.#redis.on('error', () => {});
  }

  async reserveLoginAttempt(key: string, policy: LoginFailurePolicy): Promise<LoginReservation> {
    const { windowMs, maxFailures, lockBaseMs, lockMaxMs } = policy;
    const [counted, lockMs] = (await this.#redis.eval(
      SCRIPT,
      1,
      this.#key(key),
      'reserve',
      windowMs,
      maxFailures,
      lockBaseMs,
      lockMaxMs,
    )) as [number, string];
    return counted === 1 ? { counted: true, lockMs: Number(lockMs) } : { counted: false, lockMs: Math.max(1, Number(lockMs)) };
  }

  async releaseLoginAttempt(key: string, policy: LoginFailurePolicy): Promise<void> {
    await this.#redis.eval(SCRIPT, 1, this.#key(key), 'release', policy.maxFailures);
  }

  async loginLockMs(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return Number(await this.#redis.eval(SCRIPT, keys.length, ...keys.map((k) => this.#key(k)), 'lock'));
  }

  async resetLoginFailures(key: string): Promise<void> {
    await this.#redis.del(this.#key(key));
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    this.#redis.disconnect();
  }

  #key(key: string): string {
    return `taskcast:login:${this.namespace}:${key}`;
  }
}
