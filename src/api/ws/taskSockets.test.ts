import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Task, TaskHandler } from '../../engine/index.js';
import { makeTask, addUser } from '../../../test/support/tasks.js';
import { burstHandler, heldTaskType, type BurstPayload } from '../../../test/support/taskTypes.js';
import { openSocket, refusedSocket, type SocketMessage, type TestSocket } from '../../../test/support/sockets.js';
import { startTestServer, type TestServer, type TestUser } from '../../../test/support/testServer.js';
import { waitForFinal } from '../../../test/support/wait.js';

// Tasks of the unregistered type `manual` are driven by the test through the engine; `job` and the
// shared `company_job` are run by the runner and wait until released or cancelled.
const job = heldTaskType('job');
const companyJob = heldTaskType('company_job');
let server: TestServer;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  server = await startTestServer({
    setup(engine) {
      job.define(engine);
      companyJob.define(engine, { shared: true });
    },
  });
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await server.close();
});

const MISSING_ID = '0190b2a4-0000-7000-8000-000000000000';

/** Opens `/api/v1/ws/tasks[/{id}]` as `who` (token in the query unless `header` is set). */
async function connect(who: TestUser, taskId?: string, extraQuery = '', header = false): Promise<TestSocket> {
  const path = `/api/v1/ws/tasks${taskId ? `/${taskId}` : ''}`;
  const query = header ? extraQuery : `?token=${who.token}${extraQuery ? `&${extraQuery.slice(1)}` : ''}`;
  const socket = await openSocket(server.wsUrl + path + query, header ? { headers: { authorization: `Bearer ${who.token}` } } : {});
  sockets.push(socket);
  return socket;
}

const url = (path: string) => server.wsUrl + path;
const isUpdate = (m: SocketMessage) => m.type === 'task_update';
const updatesOf = (messages: SocketMessage[], taskId: string) =>
  messages.filter((m) => isUpdate(m) && m.task.task_id === taskId).map((m) => m.task as Task);
const seqs = (tasks: Task[]) => tasks.map((t) => t.seq);
const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

/** Reads messages up to a pong: proves nothing else was sent before it (one socket keeps order). */
async function nothingPending(socket: TestSocket): Promise<SocketMessage[]> {
  socket.send({ type: 'ping' });
  const before = await socket.inbox.until((m) => m.type === 'pong');
  return before.slice(0, -1);
}

describe('authentication at upgrade', () => {
  test.each(['/api/v1/ws/tasks', `/api/v1/ws/tasks/${MISSING_ID}`])('%s without a token is refused with HTTP 401', async (path) => {
    const refused = await refusedSocket(url(path));
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ detail: expect.any(String) });
  });

  test('a forged, an expired or a garbage token is refused with 401', async () => {
    const sign = (secret: string, exp: number) =>
      new SignJWT({ username: 'user', role: 'user' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(server.user.user.id))
        .setIssuer('taskcast')
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));
    const now = Math.floor(Date.now() / 1000);
    const forged = await sign('z'.repeat(48), now + 3600);
    const expired = await sign('x'.repeat(48), now - 60);
    for (const token of [forged, expired, 'garbage']) {
      expect((await refusedSocket(url(`/api/v1/ws/tasks?token=${token}`))).status).toBe(401);
      expect((await refusedSocket(url('/api/v1/ws/tasks'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    }
  });

  test('a valid token works in the query and in the Authorization header, on both endpoints', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    for (const header of [false, true]) {
      const one = await connect(server.user, task.task_id, '', header);
      expect((await one.inbox.next()).task.task_id).toBe(task.task_id);
      const all = await connect(server.user, undefined, '', header);
      all.send({ type: 'ping' });
      expect(await all.inbox.until((m) => m.type === 'pong')).toContainEqual({ type: 'pong' });
    }
    await server.engine.cancelTask(task.task_id);
  });
});

describe('/api/v1/ws/tasks/{task_id}', () => {
  test('sends the snapshot at once, then every change in seq order, the final one exact', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, total: 10 });
    const socket = await connect(server.user, task.task_id);
    const snapshot = await socket.inbox.next();
    expect(snapshot).toEqual({ type: 'task_update', task });

    await server.engine.startTask(task.task_id);
    await server.engine.updateProgress(task.task_id, 5, { message: 'half way' });
    const toHalf = await socket.inbox.until((m) => m.task?.processed === 5);
    await server.engine.updateProgress(task.task_id, 10);
    await server.engine.completeTask(task.task_id, { rows: 10 });
    const toEnd = await socket.inbox.until((m) => m.task?.status === 'completed');

    const updates = [snapshot, ...toHalf, ...toEnd].map((m) => m.task as Task);
    expect(updates.every((t) => t.task_id === task.task_id)).toBe(true);
    expect(strictlyIncreasing(seqs(updates))).toBe(true);
    expect(updates.map((t) => t.status)).toEqual(['pending', 'running', ...updates.slice(2, -1).map(() => 'running'), 'completed']);
    expect(toHalf.at(-1)!.task).toMatchObject({ processed: 5, progress: 50, message: 'half way' });
    expect(updates.at(-1)).toMatchObject({ status: 'completed', processed: 10, progress: 100, result: { rows: 10 } });
    expect(updates.at(-1)).toEqual(await server.engine.getTask(task.task_id));
  });

  test('progress() called in a tight loop arrives coalesced, and the last message is the exact final state', async () => {
    const n = 50_000;
    const task = await server.engine.createTask({
      task_type: 'manual',
      user_id: server.user.user.id,
      payload: { n, yieldEvery: 100 } satisfies BurstPayload,
    });
    const socket = await connect(server.user, task.task_id);
    expect((await socket.inbox.next()).task.status).toBe('pending');
    void server.engine.runAsyncTask(task.task_id, burstHandler as TaskHandler<never>);
    const messages = await socket.inbox.until((m) => m.task?.status === 'completed');
    const updates = messages.map((m) => m.task as Task);
    expect(updates.length).toBeLessThan(n / 100);
    expect(strictlyIncreasing(seqs(updates))).toBe(true);
    // The final write may repeat the last flushed count, so counts only never go back.
    expect(updates.every((t, i) => i === 0 || t.processed >= updates[i - 1]!.processed)).toBe(true);
    expect(updates.at(-1)).toMatchObject({
      status: 'completed',
      processed: n,
      total: n,
      progress: 100,
      result: { count: n },
      message: `item ${n}`,
    });
  });

  test('an upper-case task id follows the same task (ids are case-insensitive)', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const socket = await connect(server.user, task.task_id.toUpperCase());
    expect(await socket.inbox.next()).toEqual({ type: 'task_update', task });
  });

  test('a task that already finished sends its final snapshot', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'failed' });
    const socket = await connect(server.user, task.task_id);
    expect((await socket.inbox.next()).task).toMatchObject({ task_id: task.task_id, status: 'failed', error: 'something broke' });
  });

  test('?since=SEQ: a task that moved past SEQ sends its current snapshot at once', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const running = await server.engine.startTask(task.task_id);
    expect(running.seq).toBeGreaterThan(task.seq);
    const socket = await connect(server.user, task.task_id, `?since=${task.seq}`);
    expect((await socket.inbox.next()).task).toMatchObject({ status: 'running', seq: running.seq });
    await server.engine.cancelTask(task.task_id);
  });

  test('?since equal to the current seq re-sends nothing until the next change', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const running = await server.engine.startTask(task.task_id);
    const socket = await connect(server.user, task.task_id, `?since=${running.seq}`);
    expect(await nothingPending(socket)).toEqual([]);
    await server.engine.updateProgress(task.task_id, 3);
    const next = await socket.inbox.next();
    expect(next.task).toMatchObject({ task_id: task.task_id, processed: 3 });
    expect(next.task.seq).toBeGreaterThan(running.seq);
    await server.engine.cancelTask(task.task_id);
  });

  test('?since that is not a number is ignored: the snapshot comes', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const socket = await connect(server.user, task.task_id, '?since=abc');
    expect((await socket.inbox.next()).task.seq).toBe(task.seq);
    await server.engine.cancelTask(task.task_id);
  });

  test("a missing task, a non-UUID id and another user's task are refused with the same 404", async () => {
    const theirs = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const missing = await refusedSocket(url(`/api/v1/ws/tasks/${MISSING_ID}?token=${server.user2.token}`));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ detail: expect.any(String) });
    for (const [who, id] of [
      [server.user2, theirs.task_id],
      [server.manager, theirs.task_id],
      [server.user2, 'not-a-uuid'],
      [server.user2, '%E0%A4%A'],
    ] as const) {
      const refused = await refusedSocket(url(`/api/v1/ws/tasks/${id}?token=${who.token}`));
      expect(refused.status, id).toBe(404);
      expect(refused.body, id).toBe(missing.body);
    }
    await server.engine.cancelTask(theirs.task_id);
  });

  test('an admin follows any task; a manager follows shared ones but a plain user does not', async () => {
    const task = await server.engine.enqueue(companyJob.type, { user_id: server.user.user.id });
    await companyJob.started(task.task_id);
    const admin = await connect(server.admin, task.task_id);
    const manager = await connect(server.manager, task.task_id);
    expect((await admin.inbox.next()).task.task_id).toBe(task.task_id);
    expect((await manager.inbox.next()).task.task_id).toBe(task.task_id);
    expect((await refusedSocket(url(`/api/v1/ws/tasks/${task.task_id}?token=${server.user2.token}`))).status).toBe(404);
    companyJob.release(task.task_id, 'ok');
    for (const s of [admin, manager]) {
      expect((await s.inbox.until((m) => m.task?.status === 'completed')).at(-1)!.task.result).toBe('ok');
    }
  });

  test('{"type":"ping"} answers {"type":"pong"}; bad messages get an error and the socket stays open', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'completed' });
    const socket = await connect(server.user, task.task_id);
    await socket.inbox.next(); // the snapshot
    socket.send({ type: 'ping' });
    expect(await socket.inbox.next()).toEqual({ type: 'pong' });
    socket.ws.send('not json');
    expect(await socket.inbox.next()).toEqual({ type: 'error', detail: expect.any(String) });
    socket.send({ type: 'subscribe' });
    expect(await socket.inbox.next()).toEqual({ type: 'error', detail: expect.any(String) });
    socket.send({ type: 'ping' });
    expect(await socket.inbox.next()).toEqual({ type: 'pong' });
  });

  test('closing the socket removes its subscription', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const before = server.engine.events.listenerCount();
    const socket = await connect(server.user, task.task_id);
    await socket.inbox.next();
    expect(server.engine.events.listenerCount()).toBe(before + 1);
    // The server learns of the close from the closing handshake; wait for its listener to go.
    await socket.close();
    await waitForListenerCount(before);
    await server.engine.cancelTask(task.task_id);
  });
});

/** Resolves once the engine has exactly `n` listeners, checking after each event-loop turn. */
async function waitForListenerCount(n: number): Promise<void> {
  for (let i = 0; i < 1000 && server.engine.events.listenerCount() !== n; i++) await new Promise((r) => setImmediate(r));
  expect(server.engine.events.listenerCount()).toBe(n);
}

describe('/api/v1/ws/tasks', () => {
  test("on connect sends a snapshot of each of the caller's pending and running tasks, and nothing else", async () => {
    const me = await addUser(server, 'user', 'snap');
    const someoneElse = await addUser(server, 'user', 'snap-other');
    const pending = await makeTask(server.engine, { type: 'manual', owner: me });
    const running = await makeTask(server.engine, { type: 'manual', owner: me, status: 'running' });
    await makeTask(server.engine, { type: 'manual', owner: me, status: 'completed' });
    await makeTask(server.engine, { type: 'manual', owner: me, status: 'cancelled' });
    await makeTask(server.engine, { type: 'manual', owner: someoneElse });

    const socket = await connect(me);
    const snapshots = await socket.inbox.take(2);
    expect(snapshots.map((m) => m.type)).toEqual(['task_update', 'task_update']);
    expect(snapshots.map((m) => m.task).sort((a, b) => (a.task_id < b.task_id ? -1 : 1))).toEqual([pending, running]);
    expect(await nothingPending(socket)).toEqual([]);
    await server.engine.cancelTask(pending.task_id);
    await server.engine.cancelTask(running.task_id);
  });

  test("then streams every change of the caller's tasks and none of another user's", async () => {
    const alice = await addUser(server, 'user', 'alice');
    const bob = await addUser(server, 'user', 'bob');
    const aliceSocket = await connect(alice);
    const bobSocket = await connect(bob);

    const aliceTask = await server.engine.enqueue(job.type, { user_id: alice.user.id });
    await job.started(aliceTask.task_id);
    job.release(aliceTask.task_id, { by: 'alice' });
    const aliceSeen = await aliceSocket.inbox.until((m) => m.task?.task_id === aliceTask.task_id && m.task.status === 'completed');
    const aliceUpdates = updatesOf(aliceSeen, aliceTask.task_id);
    expect(aliceUpdates.map((t) => t.status)).toEqual(expect.arrayContaining(['pending', 'running', 'completed']));
    expect(strictlyIncreasing(seqs(aliceUpdates))).toBe(true);
    expect(aliceUpdates.at(-1)!.result).toEqual({ by: 'alice' });

    // Changes reach every socket in publication order, so once Bob sees his own later task, anything of
    // Alice's would already have arrived.
    const bobTask = await makeTask(server.engine, { type: 'manual', owner: bob });
    const bobSeen = await bobSocket.inbox.until((m) => m.task?.task_id === bobTask.task_id);
    expect(bobSeen.map((m) => m.task.task_id)).toEqual([bobTask.task_id]);
    expect(bobSocket.inbox.received.filter(isUpdate).every((m) => m.task.user_id === bob.user.id)).toBe(true);

    const aliceLater = await makeTask(server.engine, { type: 'manual', owner: alice });
    await aliceSocket.inbox.until((m) => m.task?.task_id === aliceLater.task_id);
    expect(aliceSocket.inbox.received.filter(isUpdate).every((m) => m.task.user_id === alice.user.id)).toBe(true);
    expect(JSON.stringify(aliceSocket.inbox.received)).not.toContain(bobTask.task_id);
    await server.engine.cancelTask(bobTask.task_id);
    await server.engine.cancelTask(aliceLater.task_id);
  });

  test("user2 never receives user's task, while an admin receives both", async () => {
    const adminSocket = await connect(server.admin);
    const user2Socket = await connect(server.user2);
    const usersTask = await makeTask(server.engine, { type: 'manual', owner: server.user });
    await server.engine.cancelTask(usersTask.task_id);
    const user2Task = await makeTask(server.engine, { type: 'manual', owner: server.user2 });
    await user2Socket.inbox.until((m) => m.task?.task_id === user2Task.task_id);
    await adminSocket.inbox.until((m) => m.task?.task_id === user2Task.task_id);
    expect(updatesOf(user2Socket.inbox.received, usersTask.task_id)).toEqual([]);
    expect(updatesOf(adminSocket.inbox.received, usersTask.task_id).map((t) => t.status)).toEqual(['pending', 'cancelled']);
    await server.engine.cancelTask(user2Task.task_id);
  });

  test("a change framed once for many sockets reaches each of its owner's sockets whole and none of another user's", async () => {
    // preparedFrames.ts keeps one frame per change for every socket that may see it; who may see it stays per socket.
    const carol = await addUser(server, 'user', 'carol');
    const dave = await addUser(server, 'user', 'dave');
    const carolAll = [await connect(carol), await connect(carol), await connect(carol)];
    const daveAll = [await connect(dave), await connect(dave), await connect(dave)];
    const adminSocket = await connect(server.admin);
    const carolTask = await makeTask(server.engine, { type: 'manual', owner: carol });
    const daveTask = await makeTask(server.engine, { type: 'manual', owner: dave });
    const carolOne = [await connect(carol, carolTask.task_id), await connect(carol, carolTask.task_id)];
    // Both tasks change in turns close together, so the two users' frames are built and written side by side.
    await Promise.all([server.engine.cancelTask(carolTask.task_id), server.engine.cancelTask(daveTask.task_id)]);

    const seen = async (socket: TestSocket, task: Task) =>
      updatesOf(await socket.inbox.until((m) => m.task?.task_id === task.task_id && m.task.status === 'cancelled'), task.task_id);
    const carolSeen = await Promise.all([...carolAll, ...carolOne].map((s) => seen(s, carolTask)));
    const daveSeen = await Promise.all(daveAll.map((s) => seen(s, daveTask)));
    await seen(adminSocket, carolTask);
    await seen(adminSocket, daveTask);
    // Every socket of an owner got the same changes, the final one included.
    for (const got of carolAll.map((_, i) => carolSeen[i]!)) expect(got).toEqual(carolSeen[0]);
    for (const got of daveSeen) expect(got).toEqual(daveSeen[0]);
    expect(carolSeen[0]!.map((t) => t.status)).toEqual(['pending', 'cancelled']);
    expect(carolOne.map((_, i) => carolSeen[carolAll.length + i]!.at(-1))).toEqual([carolSeen[0]!.at(-1), carolSeen[0]!.at(-1)]);
    // Both changes were published before the pings were sent, so anything of the other's would precede the pong.
    for (const s of [...carolAll, ...carolOne, ...daveAll]) await nothingPending(s);
    for (const s of [...carolAll, ...carolOne]) expect(JSON.stringify(s.inbox.received)).not.toContain(daveTask.task_id);
    for (const s of daveAll) expect(JSON.stringify(s.inbox.received)).not.toContain(carolTask.task_id);
  });

  test("a manager receives tasks of shared types but not other users' private ones; a plain user neither", async () => {
    const manager = await addUser(server, 'manager', 'mgr');
    const managerSocket = await connect(manager);
    const user2Socket = await connect(server.user2);
    const privateTask = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const sharedTask = await server.engine.enqueue(companyJob.type, { user_id: server.user.user.id });
    await companyJob.started(sharedTask.task_id);
    companyJob.release(sharedTask.task_id);
    const seen = await managerSocket.inbox.until((m) => m.task?.task_id === sharedTask.task_id && m.task.status === 'completed');
    expect(updatesOf(seen, sharedTask.task_id).at(-1)).toMatchObject({ status: 'completed' });
    expect(updatesOf(managerSocket.inbox.received, privateTask.task_id)).toEqual([]);

    const marker = await makeTask(server.engine, { type: 'manual', owner: server.user2 });
    await user2Socket.inbox.until((m) => m.task?.task_id === marker.task_id);
    expect(updatesOf(user2Socket.inbox.received, sharedTask.task_id)).toEqual([]);
    expect(updatesOf(user2Socket.inbox.received, privateTask.task_id)).toEqual([]);
    await server.engine.cancelTask(privateTask.task_id);
    await server.engine.cancelTask(marker.task_id);
  });

  test('a cancelled running task is streamed to the end', async () => {
    const me = await addUser(server, 'user', 'canceller');
    const socket = await connect(me);
    const task = await server.engine.enqueue(job.type, { user_id: me.user.id });
    await job.started(task.task_id);
    await server.engine.cancelTask(task.task_id);
    await waitForFinal(server.engine, task.task_id);
    const seen = updatesOf(await socket.inbox.until((m) => m.task?.status === 'cancelled'), task.task_id);
    expect(seen.some((t) => t.status === 'running' && t.cancel_requested)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ status: 'cancelled', cancel_requested: true });
    expect(strictlyIncreasing(seqs(seen))).toBe(true);
  });

  test('ping answers pong', async () => {
    const socket = await connect(server.manager);
    socket.send({ type: 'ping' });
    expect(await socket.inbox.until((m) => m.type === 'pong')).toContainEqual({ type: 'pong' });
  });
});

describe('shutdown', () => {
  test('closing the server closes open sockets with 1001 (going away)', async () => {
    const own = await startTestServer();
    const task = await makeTask(own.engine, { type: 'manual', owner: own.user });
    const one = await openSocket(`${own.wsUrl}/api/v1/ws/tasks/${task.task_id}?token=${own.user.token}`);
    const all = await openSocket(`${own.wsUrl}/api/v1/ws/tasks?token=${own.user.token}`);
    await one.inbox.next();
    await all.inbox.next();
    const codes = Promise.all([one, all].map((s) => new Promise<number>((resolve) => s.ws.once('close', resolve))));
    await own.close();
    expect(await codes).toEqual([1001, 1001]);
  });
});
