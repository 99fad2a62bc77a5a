/**
 * Accounts (issue 16, issue 15's e-mail) through the real HTTP API on both backends: a user's own e-mail and
 * password, an admin's users page actions (create, role, reset, disable), the last admin's guard, and that a
 * password change, a reset or disabling ends the user's sessions.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LastAdminError } from '../../auth/index.js';
import type { Storage } from '../../store/index.js';
import { api } from '../../../test/support/http.js';
import { openTestPostgres, shouldRunPostgres } from '../../../test/support/postgres.js';
import { openTestSqlite } from '../../../test/support/sqlite.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';

const backends: [string, () => Promise<Storage & { drop(): Promise<void> }>, boolean][] = [
  ['SQLite', openTestSqlite, true],
  ['PostgreSQL', openTestPostgres, await shouldRunPostgres()],
];

const PATCH = (body: unknown) => ({ method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.each(backends)('accounts on %s', (_name, open, enabled) => {
  let storage: Storage & { drop(): Promise<void> };
  let server: TestServer;
  beforeAll(async () => {
    if (!enabled) return;
    storage = await open();
    server = await startTestServer({ storage });
  });
  afterAll(async () => {
    await server?.close();
    await storage?.drop();
  });

  /** A user made by the admin through the API, logged in: its id and a token of its own. */
  async function newUser(username: string, role = 'user', password = 'first password') {
    const made = await api(server, server.admin.token).post('/api/v1/users', { username, password, role });
    expect(made.status).toBe(201);
    return { id: made.body.id as number, token: await login(username, password), password };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await api(server).post('/api/v1/auth/login', { username, password });
    expect(res.status).toBe(200);
    return res.body.access_token;
  }

  const meStatus = async (token: string) => (await api(server, token).get('/api/v1/auth/me')).status;
  const patchUser = (token: string, id: number, body: unknown) => api(server, token).request(`/api/v1/users/${id}`, PATCH(body));

  describe('PATCH /api/v1/auth/me', () => {
    test.skipIf(!enabled)('sets the own e-mail (trimmed, lower case), GET me and log-in show it, null clears it', async () => {
      const u = await newUser('mailer');
      const set = await api(server, u.token).request('/api/v1/auth/me', PATCH({ email: '  Olga.K@Example.RU ' }));
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ id: u.id, username: 'mailer', role: 'user', email: 'olga.k@example.ru' });
      expect((await api(server, u.token).get('/api/v1/auth/me')).body.email).toBe('olga.k@example.ru');
      const again = await api(server).post('/api/v1/auth/login', { username: 'mailer', password: u.password });
      expect(again.body.user.email).toBe('olga.k@example.ru');
      const list = await api(server, server.admin.token).get('/api/v1/users');
      expect(list.body.users.find((x: { id: number }) => x.id === u.id).email).toBe('olga.k@example.ru');

      const cleared = await api(server, u.token).request('/api/v1/auth/me', PATCH({ email: null }));
      expect(cleared.status).toBe(200);
      expect(cleared.body.email).toBeNull();
      expect((await api(server, u.token).get('/api/v1/auth/me')).body.email).toBeNull();
    });

    test.skipIf(!enabled)('two users may share an address', async () => {
      const a = await newUser('share-a');
      const b = await newUser('share-b');
      expect((await api(server, a.token).request('/api/v1/auth/me', PATCH({ email: 'office@example.com' }))).status).toBe(200);
      expect((await api(server, b.token).request('/api/v1/auth/me', PATCH({ email: 'OFFICE@example.com' }))).status).toBe(200);
    });

    test.skipIf(!enabled).each([
      ['no @', { email: 'olga.example.ru' }, 'body.email: must be an e-mail address'],
      ['no dot in the domain', { email: 'olga@localhost' }, 'body.email: must be an e-mail address'],
      ['a space inside', { email: 'olga k@example.ru' }, 'body.email: must be an e-mail address'],
      ['two @', { email: 'a@b@example.ru' }, 'body.email: must be an e-mail address'],
      ['an empty string', { email: '' }, 'body.email: must be an e-mail address'],
      ['255 characters', { email: `${'a'.repeat(243)}@example.com` }, 'body.email: is too long (at most 254 characters)'],
      ['a number', { email: 42 }, 'body.email: must be a string'],
      ['an unknown field', { email: 'a@b.ru', role: 'admin' }, 'body: unknown field "role"'],
    ])('%s answers 400 naming the field, and changes nothing', async (_case, body, detail) => {
      const res = await api(server, server.user.token).request('/api/v1/auth/me', PATCH(body));
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
      expect((await api(server, server.user.token).get('/api/v1/auth/me')).body).toMatchObject({ role: 'user', email: null });
    });

    test.skipIf(!enabled)('254 characters are accepted', async () => {
      const u = await newUser('long-mail');
      const email = `${'a'.repeat(242)}@example.com`;
      expect(email).toHaveLength(254);
      const res = await api(server, u.token).request('/api/v1/auth/me', PATCH({ email }));
      expect(res.status).toBe(200);
      expect(res.body.email).toBe(email);
    });

    test.skipIf(!enabled)('without a token: 401', async () => {
      expect((await api(server).request('/api/v1/auth/me', PATCH({ email: 'a@b.ru' }))).status).toBe(401);
    });
  });

  describe('POST /api/v1/auth/password', () => {
    test.skipIf(!enabled)('a wrong current password: 400 naming current_password, and every session stays', async () => {
      const u = await newUser('wrong-current');
      const res = await api(server, u.token).post('/api/v1/auth/password', { current_password: 'not it', new_password: 'second password' });
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('current_password: is not your current password');
      expect(await meStatus(u.token)).toBe(200);
      await login('wrong-current', u.password);
    });

    test.skipIf(!enabled)('a new password too short, or equal to the current one: 400 naming new_password', async () => {
      const u = await newUser('weak-new');
      const short = await api(server, u.token).post('/api/v1/auth/password', { current_password: u.password, new_password: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.detail).toContain('body.new_password');
      const same = await api(server, u.token).post('/api/v1/auth/password', { current_password: u.password, new_password: u.password });
      expect(same.status).toBe(400);
      expect(same.body.detail).toContain('body.new_password');
      const missing = await api(server, u.token).post('/api/v1/auth/password', { new_password: 'second password' });
      expect(missing.status).toBe(400);
      expect(missing.body.detail).toContain('body.current_password');
      expect(await meStatus(u.token)).toBe(200);
    });

    test.skipIf(!enabled)('changes the password: a new token for this session, every older token (this one too) gets 401', async () => {
      const u = await newUser('changer');
      const otherSession = await login('changer', u.password);
      const res = await api(server, u.token).post('/api/v1/auth/password', {
        current_password: u.password,
        new_password: 'second password',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 3600,
        user: { id: u.id, username: 'changer', role: 'user', email: null },
      });
      expect(await meStatus(res.body.access_token)).toBe(200);
      const old = await api(server, otherSession).get('/api/v1/auth/me');
      expect(old.status).toBe(401);
      expect(old.body.detail).toContain('session has ended');
      expect(await meStatus(u.token)).toBe(401);
      expect((await api(server).post('/api/v1/auth/login', { username: 'changer', password: u.password })).status).toBe(401);
      await login('changer', 'second password');
    });
  });

  describe('PATCH /api/v1/users/{id} (admin)', () => {
    test.skipIf(!enabled)('a reset sets the password and ends every session of that user', async () => {
      const u = await newUser('forgetful');
      const res = await patchUser(server.admin.token, u.id, { password: 'reset by admin' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: u.id, username: 'forgetful', role: 'user', disabled: false });
      expect(res.text).not.toContain('password');
      expect(await meStatus(u.token)).toBe(401);
      expect((await api(server).post('/api/v1/auth/login', { username: 'forgetful', password: u.password })).status).toBe(401);
      expect(await meStatus(await login('forgetful', 'reset by admin'))).toBe(200);
    });

    test.skipIf(!enabled)(
      'disabling refuses its tokens and its log-in (403 once the password is right); enabling lets it log in again',
      async () => {
        const u = await newUser('leaver');
        const off = await patchUser(server.admin.token, u.id, { disabled: true });
        expect(off.status).toBe(200);
        expect(off.body.disabled).toBe(true);
        expect(await meStatus(u.token)).toBe(401);
        const refused = await api(server).post('/api/v1/auth/login', { username: 'leaver', password: u.password });
        expect(refused.status).toBe(403);
        expect(refused.body.detail).toContain('disabled');
        // A wrong password tells nothing about the account's state.
        expect((await api(server).post('/api/v1/auth/login', { username: 'leaver', password: 'wrong one' })).status).toBe(401);

        const on = await patchUser(server.admin.token, u.id, { disabled: false });
        expect(on.body.disabled).toBe(false);
        // Enabling does not bring the old sessions back.
        expect(await meStatus(u.token)).toBe(401);
        expect(await meStatus(await login('leaver', u.password))).toBe(200);
      },
    );

    test.skipIf(!enabled)('changes the role and the e-mail; the role applies to the token at once', async () => {
      const u = await newUser('climber');
      expect((await api(server, u.token).get('/api/v1/users')).status).toBe(403);
      const res = await patchUser(server.admin.token, u.id, { role: 'admin', email: 'Climber@Example.com' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ role: 'admin', email: 'climber@example.com' });
      expect((await api(server, u.token).get('/api/v1/users')).status).toBe(200);
      expect((await api(server, u.token).get('/api/v1/auth/me')).body.email).toBe('climber@example.com');
      expect((await patchUser(server.admin.token, u.id, { role: 'user' })).status).toBe(200);
    });

    test.skipIf(!enabled).each(['user', 'manager'] as const)(
      'a %s gets 403 for another user and for itself, and nothing changes',
      async (role) => {
        const target = server.user2.user.id;
        const other = await patchUser(server[role].token, target, { email: 'taken@over.ru', disabled: true });
        expect(other.status).toBe(403);
        const self = await patchUser(server[role].token, server[role].user.id, { role: 'admin' });
        expect(self.status).toBe(403);
        const list = await api(server, server.admin.token).get('/api/v1/users');
        const byId = (id: number) => list.body.users.find((x: { id: number }) => x.id === id);
        expect(byId(target)).toMatchObject({ email: null, disabled: false });
        expect(byId(server[role].user.id).role).toBe(role);
        expect(await meStatus(server.user2.token)).toBe(200);
      },
    );

    test.skipIf(!enabled).each([
      ['an unknown role', { role: 'root' }, 'body.role'],
      ['disabled as text', { disabled: 'yes' }, 'body.disabled: must be true or false'],
      ['a short password', { password: 'short' }, 'body.password'],
      ['an implausible e-mail', { email: 'nobody' }, 'body.email'],
      ['an unknown field', { username: 'renamed' }, 'body: unknown field "username"'],
    ])('%s answers 400 naming the field', async (_case, body, detail) => {
      const res = await patchUser(server.admin.token, server.user2.user.id, body);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
    });

    test.skipIf(!enabled)('an unknown id: 404; an id that is not one: 400', async () => {
      expect((await patchUser(server.admin.token, 999_999, { disabled: true })).status).toBe(404);
      const bad = await api(server, server.admin.token).request('/api/v1/users/abc', PATCH({ disabled: true }));
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toContain('params.id');
    });

    test.skipIf(!enabled)('the last enabled admin cannot be demoted or disabled (409); with another enabled admin it can', async () => {
      const self = server.admin.user.id;
      for (const body of [{ role: 'manager' }, { disabled: true }]) {
        const res = await patchUser(server.admin.token, self, body);
        expect(res.status).toBe(409);
        expect(res.body.detail).toContain('last enabled admin');
      }
      // A disabled admin does not count.
      const deputy = await newUser('deputy', 'admin');
      expect((await patchUser(server.admin.token, deputy.id, { disabled: true })).status).toBe(200);
      expect((await patchUser(server.admin.token, self, { role: 'user' })).status).toBe(409);
      // Enabled again, the deputy may be demoted by the first admin, and the first admin by the deputy.
      expect((await patchUser(server.admin.token, deputy.id, { disabled: false })).status).toBe(200);
      const deputyToken = await login('deputy', deputy.password);
      expect((await patchUser(deputyToken, self, { role: 'manager' })).status).toBe(200);
      expect((await patchUser(deputyToken, self, { role: 'admin' })).status).toBe(200);
      expect((await patchUser(server.admin.token, deputy.id, { role: 'user' })).status).toBe(200);
      expect((await api(server, server.admin.token).get('/api/v1/auth/me')).body.role).toBe('admin');
    });

    test.skipIf(!enabled)('two admins demoting each other at once: exactly one succeeds', async () => {
      const twin = await newUser('twin', 'admin');
      const self = server.admin.user.id;
      const outcomes = await Promise.allSettled([
        storage.users.updateUser(self, { role: 'user' }),
        storage.users.updateUser(twin.id, { role: 'user' }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(LastAdminError);
      const admins = (await storage.users.listUsers()).filter((x) => x.role === 'admin' && !x.disabled);
      expect(admins).toHaveLength(1);
      // Back as it was: the server's admin an admin, the twin a user.
      await storage.users.updateUser(self, { role: 'admin' });
      await storage.users.updateUser(twin.id, { role: 'user' });
    });
  });
});
