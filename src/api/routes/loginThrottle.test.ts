/**
 * The log-in limits (issue 13) through the real route: a name locked after its failures, an address after its own,
 * the lock growing, a success resetting the name, and a locked attempt never running scrypt — seen by an async hook
 * on Node's scrypt requests (SCRYPTREQUEST), so nothing of the password code is replaced.
 */
import { createHook } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { CLUSTER_REDIS_URL } from '../../../test/cluster/cluster.js';
import { shouldRunRedis } from '../../../test/cluster/redis.js';
import { api, type ApiResponse } from '../../../test/support/http.js';
import { openTestPostgres, shouldRunPostgres } from '../../../test/support/postgres.js';
import { openTestSqlite } from '../../../test/support/sqlite.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';
import { RedisLoginAttempts, type Storage } from '../../store/index.js';

/** scrypt computations started in this process since the hook was enabled. */
let scryptRuns = 0;
const scryptHook = createHook({
  init(_id, type) {
    if (type === 'SCRYPTREQUEST') scryptRuns++;
  },
});

const login = (server: TestServer, username: string, password: string): Promise<ApiResponse> =>
  api(server).post('/api/v1/auth/login', { username, password });

/**
 * The wait of a one-minute lock: it runs from the start of the attempt that reached the limit (before its scrypt), so
 * by the time that attempt has answered, «1 мин» or some seconds less.
 */
const MINUTE_LOCK = /через (1 мин|\d+ с)$/;

/** The throttled answer: 429, Retry-After in whole seconds, the wait in Russian in `detail` and in `retry_after`. */
function expectThrottled(res: ApiResponse, wait: RegExp): number {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  expect(res.body).toEqual({ detail: expect.stringMatching(wait), retry_after: retryAfter });
  expect(res.body.detail).toMatch(/^Слишком много попыток входа\. Повторите через /);
  expect(res.text).not.toContain('access_token');
  return retryAfter;
}

beforeAll(() => {
  scryptHook.enable();
});
afterAll(() => {
  scryptHook.disable();
});

describe('per user name: 5 failures in 15 minutes, then a minute’s lock', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ login: { maxFailures: 5, maxFailuresPerAddress: 1_000_000, lockBaseMs: 60_000 } });
  });
  afterAll(() => server.close());

  test('the 6th attempt answers 429 with Retry-After and a Russian detail; the right password is then refused without scrypt', async () => {
    for (let i = 1; i <= 5; i++) expect((await login(server, 'user', `wrong ${i}`)).status, `failure ${i}`).toBe(401);
    const before = scryptRuns;
    const sixth = await login(server, 'user', 'wrong 6');
    const retryAfter = expectThrottled(sixth, MINUTE_LOCK);
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The right password during the lock: refused too, and no password was hashed for either attempt.
    expectThrottled(await login(server, 'user', server.user.password), MINUTE_LOCK);
    // Names are case-insensitive, as accounts are.
    expectThrottled(await login(server, 'USER', server.user.password), MINUTE_LOCK);
    expect(scryptRuns).toBe(before);
    // Another user is not affected (and their log-in does run scrypt: the hook sees it).
    expect((await login(server, 'user2', server.user2.password)).status).toBe(200);
    expect(scryptRuns).toBeGreaterThan(before);
  });

  test('a success resets the name’s count', async () => {
    for (let i = 1; i <= 4; i++) expect((await login(server, 'manager', `wrong ${i}`)).status).toBe(401);
    expect((await login(server, 'manager', server.manager.password)).status).toBe(200);
    // Four more failures: 8 in all, but only 4 since the success — still 401, not 429.
    for (let i = 1; i <= 4; i++) expect((await login(server, 'manager', `wrong ${i}`)).status).toBe(401);
    expect((await login(server, 'manager', server.manager.password)).status).toBe(200);
  });

  test('an unknown name is counted like a real one (answers cannot tell them apart)', async () => {
    for (let i = 1; i <= 5; i++) expect((await login(server, 'nobody-here', `wrong ${i}`)).status).toBe(401);
    expectThrottled(await login(server, 'nobody-here', 'wrong 6'), MINUTE_LOCK);
  });
});

describe('the lock grows with each failure after it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ login: { maxFailures: 2, maxFailuresPerAddress: 1_000_000, lockBaseMs: 3_000, lockMaxMs: 6_000 } });
  });
  afterAll(() => server.close());

  /** Waits (asking the store, which runs no scrypt and counts nothing) until the name's lock is over. */
  const lockOver = (name: string) =>
    vi.waitFor(async () => expect(await server.storage.loginAttempts.loginLockMs([`name:${name}`])).toBe(0), {
      timeout: 10_000,
      interval: 50,
    });

  /**
   * The lock runs from the start of the attempt that began it (its count is taken before scrypt, which takes a second
   * or more on a loaded machine): the wait seen after that attempt answered is at most the lock, and more than a
   * few seconds less only if scrypt was that slow.
   */
  const throttledFor = (res: ApiResponse, lockSeconds: number) => {
    const seconds = expectThrottled(res, /через \d с$/);
    expect(seconds).toBeLessThanOrEqual(lockSeconds);
    expect(seconds).toBeGreaterThan(lockSeconds - 3);
  };

  test('3 s, then 6 s (the cap), then 6 s; the retry-after of each says so', async () => {
    for (let i = 0; i < 2; i++) expect((await login(server, 'admin', 'wrong')).status).toBe(401);
    throttledFor(await login(server, 'admin', 'wrong'), 3);
    await lockOver('admin');
    expect((await login(server, 'admin', 'wrong')).status).toBe(401);
    throttledFor(await login(server, 'admin', server.admin.password), 6);
    await lockOver('admin');
    expect((await login(server, 'admin', 'wrong')).status).toBe(401);
    throttledFor(await login(server, 'admin', 'wrong'), 6);
    // Once it is over, the right password logs in.
    await lockOver('admin');
    expect((await login(server, 'admin', server.admin.password)).status).toBe(200);
  });
});

describe('per client address: 20 failures across names', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ login: { maxFailures: 1_000_000, maxFailuresPerAddress: 20, lockBaseMs: 240_000 } });
  });
  afterAll(() => server.close());

  test('the 21st attempt from the address is 429 whatever the name, a right password included, and a success does not reset it', async () => {
    for (let i = 0; i < 19; i++) expect((await login(server, `guess-${i}`, 'wrong')).status).toBe(401);
    // A success in between resets that name only, not the address.
    expect((await login(server, 'user', server.user.password)).status).toBe(200);
    expect((await login(server, 'guess-19', 'wrong')).status).toBe(401);
    const before = scryptRuns;
    expectThrottled(await login(server, 'guess-20', 'wrong'), /через 4 мин$/);
    expectThrottled(await login(server, 'manager', server.manager.password), /через 4 мин$/);
    expect(scryptRuns).toBe(before);
  });
});

/** Where the counts live: the storage's own table (SQLite, PostgreSQL), or Redis beside SQLite. */
const burstBackends: [string, boolean, () => Promise<{ storage: Storage; redis?: RedisLoginAttempts; drop(): Promise<void> }>][] = [
  ['SQLite', true, async () => openTestSqlite().then((storage) => ({ storage, drop: () => storage.drop() }))],
  ['PostgreSQL', await shouldRunPostgres(), async () => openTestPostgres().then((storage) => ({ storage, drop: () => storage.drop() }))],
  [
    'Redis',
    await shouldRunRedis(),
    async () => {
      const storage = await openTestSqlite();
      const redis = new RedisLoginAttempts(CLUSTER_REDIS_URL, `burst-${randomBytes(4).toString('hex')}`);
      return { storage, redis, drop: async () => (await redis.close(), await storage.drop()) };
    },
  ],
];

describe.each(burstBackends)('a burst of parallel wrong passwords for one name (%s)', (_name, run, open) => {
  let server: TestServer;
  let backend: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    if (!run) return;
    backend = await open();
    server = await startTestServer({
      storage: backend.storage,
      login: { maxFailures: 5, maxFailuresPerAddress: 1_000_000, lockBaseMs: 60_000, ...(backend.redis ? { store: backend.redis } : {}) },
    });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.drop();
  });

  test.runIf(run)('50 at once: 5 run scrypt and answer 401, 45 are refused with 429 at once; the right password too', async () => {
    const before = scryptRuns;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login(server, 'user', `wrong ${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    for (const a of answers.filter((a) => a.status === 429)) expectThrottled(a, MINUTE_LOCK);
    // Only the five counted attempts hashed a password (the hook sees every scrypt request of this process).
    expect(scryptRuns - before).toBe(5);
    expectThrottled(await login(server, 'user', server.user.password), MINUTE_LOCK);
    expect(scryptRuns - before).toBe(5);
  });

  test.runIf(run)('a right password in a parallel burst takes its count back: the name is reset, others still count', async () => {
    // 3 wrong and the right one at once: at most 4 counted, the right one resets the name (whatever the order).
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => login(server, 'manager', `wrong ${i}`)),
      login(server, 'manager', server.manager.password),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
    // The right password was checked and the name is not locked: another success.
    expect((await login(server, 'manager', server.manager.password)).status).toBe(200);
  });
});
