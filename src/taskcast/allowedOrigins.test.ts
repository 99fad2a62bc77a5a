/**
 * `auth.allowedOrigins` with a cookie-reading resolveCaller: a page of another site, whose requests the browser
 * sends with the user's cookie, can neither change anything (a bodiless POST is a "simple" request, sent without
 * a CORS preflight) nor open a task socket (browsers apply no same-origin rule to sockets). The application's own
 * pages and clients that send no Origin (curl, servers) go on working.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSocket, refusedSocket } from '../../test/support/sockets.js';
import { openTestSqlite } from '../../test/support/sqlite.js';
import { gate } from '../../test/support/wait.js';
import type { Caller } from '../auth/index.js';
import type { SqliteStorage } from '../store/index.js';
import { createTaskcast, defineTaskType, taskcastPlugin, type Taskcast } from './index.js';

const ANN: Caller = { id: 1, username: 'ann', role: 'admin' };
const OURS = 'https://app.example.com';
const EVIL = 'https://evil.example.net';

const release = gate();
const held = defineTaskType({
  type: 'held',
  async handler(ctx) {
    await Promise.race([release.promise, new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))]);
    ctx.throwIfCancelled();
    return null;
  },
});

let storage: SqliteStorage & { drop(): Promise<void> };
let taskcast: Taskcast<SqliteStorage>;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  storage = await openTestSqlite();
  taskcast = createTaskcast({
    storage,
    shutdownGraceMs: 0,
    auth: {
      // The application's session cookie, which a browser sends whatever page makes the request.
      resolveCaller: ({ raw }) => (raw.headers.cookie === 'session=ann' ? ANN : null),
      allowedOrigins: [OURS],
    },
  }).use(held);
  app = Fastify();
  await app.register(taskcastPlugin, { taskcast });
  await taskcast.start();
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  release.open();
  await app?.close();
  await taskcast?.close();
  await storage?.drop();
});

/** A request as a browser sends it for a page of `origin` (none: not a browser), with Ann's cookie. */
const send = (method: string, path: string, origin?: string) =>
  fetch(base + path, { method, headers: { cookie: 'session=ann', ...(origin ? { origin } : {}) } });

describe('changing requests', () => {
  test('from a page of another site: 403 naming the origin, and nothing changes', async () => {
    const task = await taskcast.engine.enqueue('held', { user_id: ANN.id });
    const cancel = await send('POST', `/api/v1/tasks/${task.task_id}/cancel`, EVIL);
    expect(cancel.status).toBe(403);
    expect(await cancel.json()).toEqual({
      detail: `Requests from the origin ${EVIL} are not allowed (see the allowedOrigins option)`,
    });
    expect((await send('POST', '/api/v1/tasks/cleanup', EVIL)).status).toBe(403);
    expect((await taskcast.engine.getTask(task.task_id))!.cancel_requested).toBe(false);

    // The application's own page, and a client that sends no Origin, are served.
    expect((await send('POST', `/api/v1/tasks/${task.task_id}/cancel`, OURS)).status).toBe(200);
    const other = await taskcast.engine.enqueue('held', { user_id: ANN.id });
    expect((await send('POST', `/api/v1/tasks/${other.task_id}/cancel`)).status).toBe(200);
  });

  test('reads are not checked: a cross-site page cannot read their answers anyway', async () => {
    expect((await send('GET', '/api/v1/tasks', EVIL)).status).toBe(200);
  });
});

describe('sockets', () => {
  const ws = () => `${base.replace('http', 'ws')}/api/v1/ws/tasks`;

  test('a page of another site is refused with 403 before its cookie is looked at', async () => {
    const refused = await refusedSocket(ws(), { headers: { cookie: 'session=ann', origin: EVIL } });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({
      detail: `Requests from the origin ${EVIL} are not allowed (see the allowedOrigins option)`,
    });
  });

  test.each([OURS, undefined])('origin %s opens one', async (origin) => {
    const socket = await openSocket(ws(), { headers: { cookie: 'session=ann', ...(origin ? { origin } : {}) } });
    socket.send({ type: 'ping' });
    expect(await socket.inbox.next()).toEqual({ type: 'pong' });
    await socket.close();
  });
});
