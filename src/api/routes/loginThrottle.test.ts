/**
 * The log-in limits (issue 13) through the real route: a name locked after its failures, an address after its own,
 * the lock growing, a success resetting the name, and a locked attempt never running scrypt — seen by an async hook
 * on Node's scrypt requests (SCRYPTREQUEST), so nothing of the password code is replaced.
 */
import { createHook } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { api, type ApiResponse } from '../../../test/support/http.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';

/** scrypt computations started in this process since the hook was enabled. */
let scryptRuns = 0;
const scryptHook = createHook({
  init(_id, type) {
    if (type === 'SCRYPTREQUEST') scryptRuns++;
  },
});

const login = (server: TestServer, username: string, password: string): Promise<ApiResponse> =>
  api(server).post('/api/v1/auth/login', { username, password });

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
    const retryAfter = expectThrottled(sixth, /через 1 мин$/);
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The right password during the lock: refused too, and no password was hashed for either attempt.
    expectThrottled(await login(server, 'user', server.user.password), /через 1 мин$/);
    // Names are case-insensitive, as accounts are.
    expectThrottled(await login(server, 'USER', server.user.password), /через 1 мин$/);
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
    expectThrottled(await login(server, 'nobody-here', 'wrong 6'), /через 1 мин$/);
  });
});

describe('the lock grows with each failure after it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ login: { maxFailures: 2, maxFailuresPerAddress: 1_000_000, lockBaseMs: 1_000, lockMaxMs: 3_000 } });
  });
  afterAll(() => server.close());

  /** Waits (asking the store, which runs no scrypt and counts nothing) until the name's lock is over. */
  const lockOver = (name: string) =>
    vi.waitFor(async () => expect(await server.storage.loginAttempts.loginLockMs([`name:${name}`])).toBe(0), {
      timeout: 10_000,
      interval: 50,
    });

  test('1 s, then 2 s, then 3 s (the cap); the retry-after of each says so', async () => {
    for (let i = 0; i < 2; i++) expect((await login(server, 'admin', 'wrong')).status).toBe(401);
    expect(expectThrottled(await login(server, 'admin', 'wrong'), /через 1 с$/)).toBe(1);
    await lockOver('admin');
    expect((await login(server, 'admin', 'wrong')).status).toBe(401);
    expect(expectThrottled(await login(server, 'admin', 'wrong'), /через 2 с$/)).toBe(2);
    await lockOver('admin');
    expect((await login(server, 'admin', 'wrong')).status).toBe(401);
    expect(expectThrottled(await login(server, 'admin', server.admin.password), /через 3 с$/)).toBe(3);
    await lockOver('admin');
    expect((await login(server, 'admin', 'wrong')).status).toBe(401);
    expect(expectThrottled(await login(server, 'admin', 'wrong'), /через 3 с$/)).toBe(3);
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
