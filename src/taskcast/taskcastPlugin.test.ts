/**
 * taskcastPlugin on an application's own Fastify: under a prefix, with the application's own caller resolution,
 * beside the application's own routes and sockets, which it leaves alone.
 */
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
    auth: { resolveCaller: ({ raw }) => CALLERS[String(raw.headers['x-user'])] ?? null },
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
    expect(await (await get('/jobs/api/v1/auth/me', 'ann')).json()).toEqual(CALLERS.ann);
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

  test('the application’s own sockets on other paths are left to it', async () => {
    const socket = await openSocket(`${base.replace('http', 'ws')}/chat`);
    expect(await socket.inbox.next()).toEqual({ type: 'chat' });
    await socket.close();
  });

  test('one Taskcast is mounted once', async () => {
    const other = Fastify();
    await expect(other.register(taskcastPlugin, { taskcast }).ready()).rejects.toThrow(TaskcastUsageError);
    await other.close();
  });
});
