import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../../test/support/http.js';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';

// A plugin route under /api that never reads the caller: only the authentication hook protects it.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    plugins: [
      (app) => {
        app.get('/api/v1/plugin-probe', async () => ({ secret: 'plugin data' }));
        // Outside /api/: identified all the same (the API fails closed), unless marked public.
        app.get('/outside-probe', async () => ({ secret: 'outside data' }));
        app.get('/public-probe', { config: { public: true } }, async () => ({ open: true }));
      },
    ],
  });
});
afterAll(() => server.close());

describe('authentication of the API’s routes', () => {
  test('every /api route but login needs a token, plugin routes included', async () => {
    for (const path of ['/api/v1/auth/me', '/api/v1/users', '/api/v1/tasks', '/api/v1/plugin-probe']) {
      const res = await api(server).get(path);
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ detail: expect.any(String) });
    }
    expect((await api(server, server.user.token).get('/api/v1/plugin-probe')).body).toEqual({ secret: 'plugin data' });
  });

  test('a route of the API outside /api needs a token too; one marked public and the app’s own /healthz do not', async () => {
    const outside = await api(server).get('/outside-probe');
    expect(outside.status).toBe(401);
    expect(outside.text).not.toContain('outside data');
    expect((await api(server, server.user.token).get('/outside-probe')).body).toEqual({ secret: 'outside data' });
    expect((await api(server).get('/public-probe')).body).toEqual({ open: true });
    expect((await api(server).get('/healthz')).status).toBe(200);
  });

  test.each(['/%61pi/v1/plugin-probe', '/%61pi/v1/tasks', '/%61pi/v1/users', '/%61pi/v1/auth/me', '/%61%70%69/v1/plugin-probe'])(
    'a percent-encoded path %s does not skip authentication',
    async (path) => {
      const res = await api(server).get(path);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: expect.any(String) });
      expect(res.text).not.toContain('plugin data');
    },
  );

  test('the same encoded path works with a token', async () => {
    const res = await api(server, server.user.token).get('/%61pi/v1/auth/me');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: server.user.user.id, username: 'user', role: 'user', email: null });
  });

  test('an encoded POST to an admin route is authenticated and then authorised', async () => {
    expect((await api(server).post('/%61pi/v1/tasks/cleanup?max_age_hours=0')).status).toBe(401);
    expect((await api(server, server.user.token).post('/%61pi/v1/tasks/cleanup?max_age_hours=0')).status).toBe(403);
  });
});
