import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../../../test/support/http.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Asserts a response body shows no password hash in any form. */
function expectNoHash(text: string): void {
  expect(text).not.toContain('password_hash');
  expect(text).not.toContain('$scrypt');
  expect(text).not.toContain('scrypt$');
  expect(text).not.toContain('password');
}

describe('POST /api/v1/users', () => {
  test('an admin creates a user: 201 with id, username, role and created_at, and the new user can log in', async () => {
    const res = await api(server, server.admin.token).post('/api/v1/users', {
      username: 'olga.k',
      password: 's3cret-pass',
      role: 'manager',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      username: 'olga.k',
      role: 'manager',
      email: null,
      created_at: expect.any(String),
      disabled: false,
    });
    expect(Object.keys(res.body).sort()).toEqual(['created_at', 'disabled', 'email', 'id', 'role', 'username']);
    expect(Number.isNaN(Date.parse(res.body.created_at))).toBe(false);
    expectNoHash(res.text);

    const login = await api(server).post('/api/v1/auth/login', { username: 'olga.k', password: 's3cret-pass' });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({ id: res.body.id, username: 'olga.k', role: 'manager', email: null });
  });

  test.each(['manager', 'user'] as const)('a %s gets 403 and no user is created', async (role) => {
    const res = await api(server, server[role].token).post('/api/v1/users', {
      username: `made-by-${role}`,
      password: 'long enough',
      role: 'admin',
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: expect.any(String) });
    const list = await api(server, server.admin.token).get('/api/v1/users');
    expect(list.body.users.map((u: { username: string }) => u.username)).not.toContain(`made-by-${role}`);
  });

  test('without a token: 401', async () => {
    const res = await api(server).post('/api/v1/users', { username: 'anon-made', password: 'long enough', role: 'user' });
    expect(res.status).toBe(401);
  });

  test('a taken username answers 409, also when it differs only in case', async () => {
    const same = await api(server, server.admin.token).post('/api/v1/users', { username: 'user2', password: 'long enough', role: 'user' });
    expect(same.status).toBe(409);
    expect(same.body).toEqual({ detail: expect.any(String) });
    const upper = await api(server, server.admin.token).post('/api/v1/users', { username: 'USER2', password: 'long enough', role: 'user' });
    expect(upper.status).toBe(409);
  });

  test.each([
    ['an unknown role', { username: 'bad-role', password: 'long enough', role: 'superuser' }, 'body.role'],
    ['a short password', { username: 'short-pw', password: 'short', role: 'user' }, 'body.password'],
    ['an unknown field', { username: 'extra-f', password: 'long enough', role: 'user', is_admin: true }, '"is_admin"'],
    ['a username with spaces', { username: 'has space', password: 'long enough', role: 'user' }, 'body.username'],
    ['a too short username', { username: 'ab', password: 'long enough', role: 'user' }, 'body.username'],
    ['a password that is not a string', { username: 'num-pw', password: 12345678, role: 'user' }, 'body.password'],
    ['a missing role', { username: 'no-role', password: 'long enough' }, 'body.role'],
  ])('%s answers 400 naming the field', async (_name, body, field) => {
    const res = await api(server, server.admin.token).post('/api/v1/users', body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(field);
  });

  test('a JSON array or null as body answers 400', async () => {
    for (const body of ['[]', 'null', '"text"']) {
      const res = await api(server, server.admin.token).request('/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status, body).toBe(400);
      expect(res.body.detail, body).toMatch(/^body/);
    }
  });
});

describe('GET /api/v1/users', () => {
  test('an admin lists every user without any password hash', async () => {
    const res = await api(server, server.admin.token).get('/api/v1/users');
    expect(res.status).toBe(200);
    const names = res.body.users.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin', 'manager', 'user', 'user2']));
    for (const u of res.body.users) {
      expect(Object.keys(u).sort()).toEqual(['created_at', 'disabled', 'email', 'id', 'role', 'username']);
      expect(u).not.toHaveProperty('password_hash');
    }
    expectNoHash(res.text);
  });

  test.each(['manager', 'user'] as const)('a %s gets 403', async (role) => {
    const res = await api(server, server[role].token).get('/api/v1/users');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: expect.any(String) });
    expectNoHash(res.text);
  });
});
