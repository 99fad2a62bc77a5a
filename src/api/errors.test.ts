import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, type ApiResponse } from '../../test/support/http.js';
import { makeTask } from '../../test/support/tasks.js';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';
import { ERROR_STATUS } from './errors.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Asserts a client error answered as JSON `{"detail": "..."}` with the given status. */
function expectDetail(res: ApiResponse, status: number): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({ detail: expect.any(String) });
  expect(res.body.detail.length).toBeGreaterThan(0);
}

const json = { 'content-type': 'application/json' };

describe('framework errors answer {"detail"} with a 4xx', () => {
  test('an unknown route: 404, with or without a token, whatever the method', async () => {
    expectDetail(await api(server).get('/nope'), 404);
    expectDetail(await api(server).get('/api/v1/nope'), 404);
    expectDetail(await api(server, server.user.token).get('/api/v1/nope'), 404);
    expectDetail(await api(server, server.user.token).request('/api/v1/tasks', { method: 'DELETE' }), 404);
    expectDetail(await api(server, server.user.token).request('/api/v1/users', { method: 'PUT', headers: json, body: '{}' }), 404);
  });

  test('the 404 of an unknown route does not echo a token from the query', async () => {
    const res = await api(server).get(`/api/v1/nope?token=${server.user.token}`);
    expectDetail(res, 404);
    expect(res.text).not.toContain(server.user.token);
  });

  test('a bad percent-encoding in the path: 400', async () => {
    expectDetail(await api(server, server.user.token).get('/api/v1/tasks/%E0%A4%A'), 400);
    expectDetail(await api(server).get('/api/v1/tasks/%E0%A4%A'), 400);
    expectDetail(await api(server, server.user.token).post('/api/v1/tasks/%zz/cancel'), 400);
  });

  test('a body over 1 MiB: 413', async () => {
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024 + 10) });
    expectDetail(await api(server).request('/api/v1/auth/login', { method: 'POST', headers: json, body: big }), 413);
    expectDetail(await api(server, server.admin.token).request('/api/v1/users', { method: 'POST', headers: json, body: big }), 413);
  });

  test('a body just under 1 MiB is read (and judged by the schema: 400, not 413)', async () => {
    const body = JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024 - 100) });
    const res = await api(server).request('/api/v1/auth/login', { method: 'POST', headers: json, body });
    expectDetail(res, 400);
    expect(res.body.detail).toContain('body.password');
  });

  test.each([
    ['text/plain', 'hello'],
    ['application/x-www-form-urlencoded', 'username=admin&password=x'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('content type %s: 415', async (contentType, body) => {
    expectDetail(await api(server).request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': contentType }, body }), 415);
  });

  test('a body without a content type: 415', async () => {
    expectDetail(await api(server).request('/api/v1/auth/login', { method: 'POST', body: '{"username":"admin"}' }), 415);
  });

  test('application/json with a charset parameter is accepted', async () => {
    const res = await api(server).request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ username: 'nobody-at-all', password: 'x' }),
    });
    expectDetail(res, 401);
  });
});

describe('bad input answers 400 naming the field', () => {
  test.each(['{"username": "admin",', '{username: "admin"}', "{'a': 1}", 'undefined', '{"a":1}}'])('malformed JSON %s', async (body) => {
    const res = await api(server).request('/api/v1/auth/login', { method: 'POST', headers: json, body });
    expectDetail(res, 400);
    expect(res.body.detail).toContain('body');
  });

  test('wrong types, unknown fields and out-of-range numbers', async () => {
    const admin = api(server, server.admin.token);
    expect((await admin.post('/api/v1/users', { username: ['a'], password: 'long enough', role: 'user' })).body.detail).toContain(
      'body.username',
    );
    expect((await admin.post('/api/v1/users', { username: 'typed', password: 'long enough', role: 1 })).body.detail).toContain('body.role');
    expect((await admin.post('/api/v1/users', { username: 'typed', password: 'long enough', role: 'user', id: 1 })).body.detail).toContain(
      '"id"',
    );
    const limit = await admin.get('/api/v1/tasks?limit=1000');
    expectDetail(limit, 400);
    expect(limit.body.detail).toContain('query.limit');
  });

  test('a __proto__ key in a body is an unknown field, not a way in', async () => {
    const res = await api(server, server.admin.token).request('/api/v1/users', {
      method: 'POST',
      headers: json,
      body: '{"username":"proto-user","password":"long enough","role":"user","__proto__":{"role":"admin"}}',
    });
    expectDetail(res, 400);
    expect(res.body.detail).toContain('__proto__');
  });
});

describe('other statuses', () => {
  test('401, 403, 404 and 409 all answer {"detail"}', async () => {
    expectDetail(await api(server).get('/api/v1/tasks'), 401);
    expectDetail(await api(server, server.user.token).get('/api/v1/users'), 403);
    expectDetail(await api(server, server.user.token).get('/api/v1/tasks/0190b2a4-0000-7000-8000-000000000000'), 404);
    const done = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'completed' });
    expectDetail(await api(server, server.user.token).post(`/api/v1/tasks/${done.task_id}/cancel`), 409);
  });

  test('POST cancel with Content-Type: application/json and an empty body works', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const res = await api(server, server.user.token).request(`/api/v1/tasks/${task.task_id}/cancel`, { method: 'POST', headers: json });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ task_id: task.task_id, status: 'cancelled' });
  });

  test('nothing a client sends produces a 5xx', async () => {
    const user = api(server, server.user.token);
    const responses = await Promise.all([
      user.get('/api/v1/tasks?limit=1&limit=2&offset=99999999999999999999'),
      user.get('/api/v1/tasks?status[]=pending'),
      user.get('/api/v1/tasks?task_type=%00'),
      user.get(`/api/v1/tasks/${'a'.repeat(5000)}`),
      user.get('/api/v1/tasks/..%2F..%2Fetc%2Fpasswd'),
      user.request('/api/v1/tasks/cleanup', { method: 'POST', headers: json, body: '{"max_age_hours": 0}' }),
      api(server, 'x'.repeat(10_000)).get('/api/v1/auth/me'),
      api(server).request('/api/v1/auth/me', { headers: { authorization: 'Bearer a.b.c' } }),
      api(server).request('/api/v1/auth/login', { method: 'POST', headers: json, body: '{"username":"admin","password":{"$gt":""}}' }),
      api(server).request('/api/v1/auth/login', { method: 'POST', headers: json, body: '1e999999' }),
      api(server).request('/api/v1/auth/login', { method: 'POST', headers: json, body: '['.repeat(5000) + ']'.repeat(5000) }),
      api(server).request('/api/v1/auth/login', { method: 'POST', headers: json, body: '\u0000' }),
    ]);
    for (const res of responses) {
      expect(res.status, res.text).toBeLessThan(500);
      if (res.status >= 400) expect(res.body, res.text).toEqual({ detail: expect.any(String) });
    }
    // Only the unknown parameter `status[]` is simply ignored; everything else was refused.
    expect(responses.filter((r) => r.status < 400)).toHaveLength(1);
  });
});

describe('GET /healthz', () => {
  test('answers 200 without authentication', async () => {
    const res = await api(server).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', storage: 'sqlite' });
  });
});

describe('the error registry', () => {
  // Every code a TaskcastError of the engine, the stores, the API or auth can carry has an HTTP status.
  test('each error code defined in the code base has a status', () => {
    const root = join(import.meta.dirname, '..');
    const codes = new Set<string>();
    for (const dir of ['engine', 'store', 'api', 'auth']) {
      for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
        for (const m of readFileSync(join(root, dir, file), 'utf8').matchAll(/super\('([A-Z_]+)'/g)) codes.add(m[1]!);
      }
    }
    expect(codes.size).toBeGreaterThan(10);
    for (const code of codes) expect(ERROR_STATUS[code], code).toBeTypeOf('number');
  });

  test('client-caused codes map to 4xx', () => {
    for (const code of [
      'VALIDATION_FAILED',
      'TASK_TYPE_UNKNOWN',
      'AUTH_REQUIRED',
      'AUTH_INVALID_TOKEN',
      'AUTH_BAD_CREDENTIALS',
      'FORBIDDEN',
      'NOT_FOUND',
      'TASK_NOT_FOUND',
      'CONFLICT',
      'TASK_NOT_CANCELLABLE',
      'USERNAME_TAKEN',
    ]) {
      expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code], code).toBeLessThan(500);
    }
  });
});
