import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../../../test/support/http.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';

const SECRET = 'x'.repeat(48); // the test server's signing secret

/** A token the server would sign, with the given expiry (seconds since the epoch). */
function signToken(claims: { id: number; username: string; role: string }, exp: number, secret = SECRET): Promise<string> {
  return new SignJWT({ username: claims.username, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.id))
    .setIssuer('taskcast')
    .setIssuedAt(exp - 3600)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('POST /api/v1/auth/login', () => {
  test('answers a bearer token, its lifetime and the user, and the token authenticates', async () => {
    const res = await api(server).post('/api/v1/auth/login', { username: 'manager', password: server.manager.password });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
      user: { id: server.manager.user.id, username: 'manager', role: 'manager', email: null },
    });
    const me = await api(server, res.body.access_token).get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: server.manager.user.id, username: 'manager', role: 'manager', email: null });
  });

  test('a wrong password and an unknown user get the same 401', async () => {
    const [wrong, unknown] = await Promise.all([
      api(server).post('/api/v1/auth/login', { username: 'admin', password: 'not the password' }),
      api(server).post('/api/v1/auth/login', { username: 'nobody-here', password: 'not the password' }),
    ]);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ detail: expect.any(String) });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.text).not.toContain('access_token');
  });

  test.each([
    ['a missing password', { username: 'admin' }, 'body.password'],
    ['a number as username', { username: 42, password: 'whatever1' }, 'body.username'],
    ['an empty username', { username: '', password: 'whatever1' }, 'body.username'],
    ['an unknown field', { username: 'admin', password: 'whatever1', remember: true }, '"remember"'],
  ])('%s answers 400 naming the field', async (_name, body, field) => {
    const res = await api(server).post('/api/v1/auth/login', body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(field);
  });

  test('no body at all answers 400, not 500', async () => {
    const res = await api(server).post('/api/v1/auth/login');
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('body.username');
  });
});

describe('GET /api/v1/auth/me', () => {
  test('answers the caller of a valid token', async () => {
    const res = await api(server, server.user.token).get('/api/v1/auth/me');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: server.user.user.id, username: 'user', role: 'user', email: null });
  });

  test('without a token: 401 with a detail', async () => {
    const res = await api(server).get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: expect.any(String) });
  });

  test('a token signed with another secret: 401', async () => {
    const forged = await signToken({ id: server.admin.user.id, username: 'admin', role: 'admin' }, nowSeconds() + 3600, 'y'.repeat(48));
    const res = await api(server, forged).get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: expect.any(String) });
  });

  test('a token whose payload was altered (role raised) after signing: 401', async () => {
    const [header, , signature] = server.user.token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ username: 'user', role: 'admin', sub: String(server.user.user.id), iss: 'taskcast', exp: nowSeconds() + 3600 }),
    ).toString('base64url');
    const res = await api(server, `${header}.${payload}.${signature}`).get('/api/v1/auth/me');
    expect(res.status).toBe(401);
  });

  test('an unsigned token (alg "none"): 401', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ username: 'admin', role: 'admin', sub: '1', iss: 'taskcast', exp: nowSeconds() + 3600 })}.`;
    const res = await api(server, token).get('/api/v1/auth/me');
    expect(res.status).toBe(401);
  });

  test('an expired token, correctly signed: 401', async () => {
    const expired = await signToken({ id: server.user.user.id, username: 'user', role: 'user' }, nowSeconds() - 60);
    const res = await api(server, expired).get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: expect.any(String) });
    // The same claims with a future expiry are accepted, so the expiry alone made the difference.
    const fresh = await signToken({ id: server.user.user.id, username: 'user', role: 'user' }, nowSeconds() + 60);
    expect((await api(server, fresh).get('/api/v1/auth/me')).status).toBe(200);
  });

  test('a valid token of an account that does not exist: 401', async () => {
    const ghost = await server.tokens.issue({ id: 999_999, username: 'ghost', role: 'admin' });
    const res = await api(server, ghost).get('/api/v1/auth/me');
    expect(res.status).toBe(401);
  });

  test('a malformed Authorization header: 401', async () => {
    for (const authorization of ['Basic YWRtaW46cGFzcw==', 'Bearer', 'Bearer not.a.jwt', server.user.token]) {
      const res = await api(server).request('/api/v1/auth/me', { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.body).toEqual({ detail: expect.any(String) });
    }
  });
});
