/**
 * Issue 13, the HTTP API's limit on a real server (SQLite): a bucket of 3 refilled at 1 per second per user, per
 * address without a caller; 429 with Retry-After and the draft's RateLimit-Policy / RateLimit headers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, type ApiResponse } from '../../../test/support/http.js';
import { addUser } from '../../../test/support/tasks.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    engine: { runTasks: false },
    rateLimit: { perSecond: 1, burst: 3 },
    plugins: [
      (app) => {
        app.get('/api/v1/test/unlimited', { config: { rateLimit: false } }, () => ({ ok: true }));
        app.get('/api/v1/test/public', { config: { public: true } }, () => ({ ok: true }));
      },
    ],
  });
});
afterAll(() => server.close());

/** Retries `request` until it is answered 200 (the bucket refilled), at most `ms`. */
async function untilAllowed(request: () => Promise<ApiResponse>, ms = 5_000): Promise<ApiResponse> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await request();
    if (res.status !== 429 || Date.now() > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling period, not a wait for a state
  }
}

describe('the HTTP rate limit per caller', () => {
  test('a burst of 3 passes with the headers counting down; the 4th is 429 with Retry-After, RateLimit-Policy and RateLimit', async () => {
    const user = await addUser(server, 'user', 'burst');
    const get = () => api(server, user.token).get('/api/v1/auth/me');
    const answers = [await get(), await get(), await get()];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.map((r) => r.headers.get('ratelimit-policy'))).toEqual(Array(3).fill('"api";q=3;w=3'));
    expect(answers.map((r) => /r=(\d+)/.exec(r.headers.get('ratelimit') ?? '')?.[1])).toEqual(['2', '1', '0']);

    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ detail: 'Too many requests; retry in 1 s' });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-policy')).toBe('"api";q=3;w=3');
    expect(refused.headers.get('ratelimit')).toBe('"api";r=0;t=1');
    // The plugin's own headers are not sent.
    for (const name of ['x-ratelimit-limit', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'])
      expect(refused.headers.get(name)).toBeNull();

    // A token a second: allowed again within about a second.
    const started = Date.now();
    expect((await untilAllowed(get)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  test('each user has a bucket of their own, whatever address they share', async () => {
    const [a, b] = [await addUser(server, 'user', 'own-a'), await addUser(server, 'user', 'own-b')];
    for (let i = 0; i < 3; i++) expect((await api(server, a.token).get('/api/v1/auth/me')).status).toBe(200);
    expect((await api(server, a.token).get('/api/v1/auth/me')).status).toBe(429);
    expect((await api(server, b.token).get('/api/v1/auth/me')).status).toBe(200);
  });

  test('without a caller — a public route, refused credentials, the log-in — the address counts, together', async () => {
    const anonymous = () => api(server).get('/api/v1/test/public');
    const answers = [await anonymous(), await api(server, 'not-a-token').get('/api/v1/auth/me'), await anonymous()];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 200]);
    expect((await anonymous()).status).toBe(429);
    expect((await api(server, 'not-a-token').get('/api/v1/auth/me')).status).toBe(429);
    // The log-in too: answered before its own checks, so no password is hashed.
    const login = await api(server).post('/api/v1/auth/login', { username: 'admin', password: server.admin.password });
    expect(login.status).toBe(429);
    expect(login.body.detail).toBe('Too many requests; retry in 1 s');
    // A user's requests from the same address are the user's, not the address's.
    expect((await api(server, server.manager.token).get('/api/v1/auth/me')).status).toBe(200);
    expect((await untilAllowed(anonymous)).status).toBe(200);
  });

  test('a route with config.rateLimit false (as the web app files are) is not counted, and sends no headers', async () => {
    const user = await addUser(server, 'user', 'unlimited');
    for (let i = 0; i < 20; i++) {
      const res = await api(server, user.token).get('/api/v1/test/unlimited');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
    expect((await api(server, user.token).get('/api/v1/auth/me')).headers.get('ratelimit')).toBe('"api";r=2;t=1');
  });

  test('createTaskcast rateLimit false: no HTTP limit at all (the application has its own)', async () => {
    const open = await startTestServer({ engine: { runTasks: false }, rateLimit: false });
    try {
      for (let i = 0; i < 10; i++) {
        const res = await api(open, open.user.token).get('/api/v1/auth/me');
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit')).toBeNull();
      }
    } finally {
      await open.close();
    }
  });

  test('/healthz is outside the API and never limited', async () => {
    for (let i = 0; i < 10; i++) expect((await api(server).get('/healthz')).status).toBe(200);
  });
});
