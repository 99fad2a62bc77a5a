/**
 * taskcastPlugin on an application's own Fastify: under a prefix, with the application's own caller resolution,
 * beside the application's own routes and sockets, which it leaves alone.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSocket, refusedSocket } from '../../test/support/sockets.js';
import { openTestSqlite } from '../../test/support/sqlite.js';
import { gate } from '../../test/support/wait.js';
import type { Caller } from '../auth/index.js';
import type { SqliteStorage } from '../store/index.js';
import { createTaskcast, defineTaskType, taskcastPlugin, TaskcastUsageError, type Taskcast } from './index.js';

// The application's own "session": the header x-user names one of these callers (a role it does not know: 500).
const CALLERS: Record<string, Caller> = {
  ann: { id: 1, username: 'ann', role: 'user' },
  bob: { id: 2, username: 'bob', role: 'user' },
  odd: { id: 3, username: 'odd', role: 'root' as Caller['role'] },
};

/** An error as the application's own code throws it: an HTTP status in `statusCode` (http-errors, @fastify/sensible). */
const httpError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });
// Sessions the resolver refuses by throwing, with such a status.
const THROWN: Record<string, Error> = {
  expired: httpError(401, 'Your session expired'),
  banned: httpError(403, 'This account is suspended'),
  lookup: httpError(404, 'Session service: no such route'),
};

const release = gate();
const held = defineTaskType<null, { done: true }>({
  type: 'held',
  async handler(ctx) {
    ctx.progress(1, 'waiting', 2);
    await release.promise;
    return { done: true };
  },
});

let storage: SqliteStorage & { drop(): Promise<void> };
let taskcast: Taskcast<SqliteStorage>;
let app: FastifyInstance;
let base: string;
let ownSockets: WebSocketServer;

beforeAll(async () => {
  storage = await openTestSqlite();
  taskcast = createTaskcast({
    storage,
    heartbeatMs: 200,
    shutdownGraceMs: 0,
    auth: {
      resolveCaller({ raw }) {
        const user = String(raw.headers['x-user']);
        if (THROWN[user]) throw THROWN[user];
        return CALLERS[user] ?? null;
      },
      allowedOrigins: ['http://app.test'],
    },
  }).use(held);
  app = Fastify();
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.register(taskcastPlugin, { taskcast, prefix: '/jobs' });
  // The application's own sockets on another path, on the same server.
  ownSockets = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (req, socket, head) => {
    if (req.url === '/chat') ownSockets.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify({ type: 'chat' })));
  });
  await taskcast.start();
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  release.open();
  ownSockets?.close();
  await app?.close();
  await taskcast?.close();
  await storage?.drop();
});

const get = (path: string, user?: string) => fetch(base + path, { headers: user ? { 'x-user': user } : {} });

describe('taskcastPlugin with the application’s own callers', () => {
  test('task routes live under the prefix and ask who is calling; the application’s routes are untouched', async () => {
    expect((await get('/hello')).status).toBe(200);
    const anonymous = await get('/jobs/api/v1/tasks');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ detail: 'Not authenticated' });
    // An application's own caller has no Taskcast e-mail.
    expect(await (await get('/jobs/api/v1/auth/me', 'ann')).json()).toEqual({ ...CALLERS.ann, email: null });
    // No Taskcast accounts: no log-in route.
    expect((await fetch(`${base}/jobs/api/v1/auth/login`, { method: 'POST' })).status).toBe(404);
    expect((await get('/api/v1/tasks', 'ann')).status).toBe(404);
  });

  test('a caller sees its own task, over HTTP and a socket; another caller gets 404 for both', async () => {
    const task = await taskcast.engine.enqueue('held', { user_id: CALLERS.ann!.id });
    expect((await get(`/jobs/api/v1/tasks/${task.task_id}`, 'ann')).status).toBe(200);
    expect((await get(`/jobs/api/v1/tasks/${task.task_id}`, 'bob')).status).toBe(404);
    expect((await (await get('/jobs/api/v1/tasks', 'bob')).json()).total).toBe(0);

    const ws = base.replace('http', 'ws');
    expect((await refusedSocket(`${ws}/jobs/api/v1/ws/tasks/${task.task_id}`)).status).toBe(401);
    expect((await refusedSocket(`${ws}/jobs/api/v1/ws/tasks/${task.task_id}`, { headers: { 'x-user': 'bob' } })).status).toBe(404);
    const socket = await openSocket(`${ws}/jobs/api/v1/ws/tasks/${task.task_id}`, { headers: { 'x-user': 'ann' } });
    await socket.inbox.until((m) => m.task?.processed === 1);
    release.open();
    const updates = await socket.inbox.until((m) => m.task?.status === 'completed');
    expect(updates.at(-1)!.task.result).toEqual({ done: true });
    await socket.close();
  });

  test('a resolver answering something that is not a caller fails closed with 500', async () => {
    const res = await get('/jobs/api/v1/tasks', 'odd');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ detail: 'Internal server error' });
    expect((await refusedSocket(`${base.replace('http', 'ws')}/jobs/api/v1/ws/tasks`, { headers: { 'x-user': 'odd' } })).status).toBe(500);
  });

  test('a refusal the resolver throws (a 401 or 403 statusCode) is answered alike over HTTP and on a socket', async () => {
    const ws = `${base.replace('http', 'ws')}/jobs/api/v1/ws/tasks`;
    for (const [user, status, detail] of [
      ['expired', 401, 'Your session expired'],
      ['banned', 403, 'This account is suspended'],
    ] as const) {
      const res = await get('/jobs/api/v1/tasks', user);
      expect(res.status, user).toBe(status);
      expect(await res.json()).toEqual({ detail });
      const refused = await refusedSocket(ws, { headers: { 'x-user': user } });
      expect(refused.status, user).toBe(status);
      expect(JSON.parse(refused.body)).toEqual({ detail });
    }
    // Another 4xx is no refusal of a caller: the application failed, 500 on both, its message not shown.
    const res = await get('/jobs/api/v1/tasks', 'lookup');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ detail: 'Internal server error' });
    expect((await refusedSocket(ws, { headers: { 'x-user': 'lookup' } })).status).toBe(500);
  });

  test('the application’s own sockets on other paths are left to it', async () => {
    const socket = await openSocket(`${base.replace('http', 'ws')}/chat`);
    expect(await socket.inbox.next()).toEqual({ type: 'chat' });
    await socket.close();
  });

  test('an upgrade to a path neither the application nor Taskcast takes is refused with 404 and closed', async () => {
    const seen = new Promise<Duplex>((resolve) => {
      const spy = (req: IncomingMessage, socket: Duplex) => {
        if (req.url !== '/not-ours') return;
        app.server.off('upgrade', spy);
        resolve(socket);
      };
      app.server.on('upgrade', spy);
    });
    const refused = await refusedSocket(`${base.replace('http', 'ws')}/not-ours`);
    expect(refused.status).toBe(404);
    // The server's side of the connection is closed, not left open for a client that keeps its own.
    const serverSide = await seen;
    if (!serverSide.destroyed) await new Promise((closed) => serverSide.once('close', closed));
    expect(serverSide.destroyed).toBe(true);
  });

  test('one Taskcast is mounted once', async () => {
    const other = Fastify();
    await expect(other.register(taskcastPlugin, { taskcast }).ready()).rejects.toThrow(TaskcastUsageError);
    await other.close();
  });
});
