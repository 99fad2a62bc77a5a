/**
 * taskcastPlugin fails closed under whatever prefix it is registered with: every route of its context — Taskcast's
 * and a feature's, under `/api/` or not — asks who is calling unless it says `config: { public: true }`, and the
 * sockets live under the same prefix. A prefix written `/jobs/` once left every route open (the hook looked for
 * `/jobs//api/`, which Fastify never routes), and a parametric one broke the sockets.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSocket, refusedSocket } from '../../test/support/sockets.js';
import { openTestSqlite } from '../../test/support/sqlite.js';
import type { Caller } from '../auth/index.js';
import type { SqliteStorage } from '../store/index.js';
import { createTaskcast, taskcastPlugin, type Taskcast } from './index.js';

const ANN: Caller = { id: 1, username: 'ann', role: 'user' };

// [prefix given to register, the path it stands for in a request]
const PREFIXES: [string, string][] = [
  ['/jobs/', '/jobs'],
  ['/jobs', '/jobs'],
  ['', ''],
  ['/:tenant', '/acme'],
];

describe.each(PREFIXES)('registered with prefix %j', (prefix, at) => {
  let storage: SqliteStorage & { drop(): Promise<void> };
  let taskcast: Taskcast<SqliteStorage>;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    storage = await openTestSqlite();
    taskcast = createTaskcast({
      storage,
      shutdownGraceMs: 0,
      auth: { resolveCaller: ({ raw }) => (raw.headers['x-user'] === 'ann' ? ANN : null), allowedOrigins: '*' },
    }).use({
      name: 'reports',
      setup: () => ({
        routes(app) {
          app.get('/api/v1/reports', async (request) => ({ caller: request.caller.username }));
          // Outside /api/: identified all the same.
          app.get('/reports/summary', async (request) => ({ caller: request.caller.username }));
          app.get('/api/v1/open', { config: { public: true } }, async () => ({ open: true }));
        },
      }),
    });
    app = Fastify();
    await app.register(taskcastPlugin, { taskcast, prefix });
    await taskcast.start();
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await taskcast?.close();
    await storage?.drop();
  });

  const get = (path: string, user?: string) => fetch(base + at + path, { headers: user ? { 'x-user': user } : {} });

  test.each(['/api/v1/reports', '/reports/summary', '/api/v1/auth/me', '/api/v1/tasks'])(
    '%s answers 401 to nobody and 200 to a caller',
    async (path) => {
      const anonymous = await get(path);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ detail: 'Not authenticated' });
      expect((await get(path, 'ann')).status).toBe(200);
    },
  );

  test('a route marked public answers anyone', async () => {
    const res = await get('/api/v1/open');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ open: true });
  });

  test('the sockets live under the prefix and identify their caller', async () => {
    const ws = `${base.replace('http', 'ws')}${at}/api/v1/ws/tasks`;
    expect((await refusedSocket(ws)).status).toBe(401);
    const socket = await openSocket(ws, { headers: { 'x-user': 'ann' } });
    socket.send({ type: 'ping' });
    expect(await socket.inbox.next()).toEqual({ type: 'pong' });
    await socket.close();
  });
});
