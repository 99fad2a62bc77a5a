// @vitest-environment jsdom
/** TaskWebSocket against the real WebSocket API: the token, resuming with `since`, backoff, and the all-tasks socket. */
import type { IncomingMessage } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setSession } from '@/api/client';
import type { TestServer } from '../../../test/support/testServer.js';
import { scriptedTaskType, signIn, socketSwitch, startLiveServer, stopServer } from '../../test/liveServer';
import { TaskWebSocket, type Task, type TaskSocketError } from './tasks';

const job = scriptedTaskType('scripted_socket_job');
let server: TestServer;
const sockets: TaskWebSocket[] = [];

beforeAll(async () => {
  server = await startLiveServer(job);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
  signIn(server, server.admin);
});
afterAll(async () => {
  await stopServer(server);
});

/** A socket that is closed after the test. */
function track(socket: TaskWebSocket): TaskWebSocket {
  sockets.push(socket);
  return socket;
}

/** The URLs of the upgrade requests the server receives from now on (with their arrival times). */
function upgrades(): { url: string; at: number }[] {
  const seen: { url: string; at: number }[] = [];
  server.app.server.prependListener('upgrade', (req: IncomingMessage) => seen.push({ url: req.url ?? '', at: performance.now() }));
  return seen;
}

async function runningTask(): Promise<string> {
  const task = await server.engine.enqueue(job.type, { user_id: server.admin.user.id });
  await job.started(task.task_id);
  return task.task_id;
}

describe('TaskWebSocket', () => {
  it('sends the token and delivers the task, then every change in order', async () => {
    const id = await runningTask();
    const seen = upgrades();
    const updates: Task[] = [];
    const ws = track(new TaskWebSocket(id, (t) => updates.push(t)));
    ws.connect();
    await vi.waitFor(() => expect(updates[0]?.status).toBe('running'));
    expect(new URL(seen[0]!.url, 'http://x').searchParams.get('token')).toBe(server.admin.token);
    job.progress(id, 3, 'три', 10);
    job.complete(id, { ok: true });
    await vi.waitFor(() => expect(updates.at(-1)?.status).toBe('completed'));
    const seqs = updates.map((t) => t.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    // Nothing follows a final state: the socket closed itself.
    expect(ws.connected).toBe(false);
  });

  it('reports a refused connection (no valid token) to onError', async () => {
    const id = await runningTask();
    setSession({ token: 'not-a-token', user: { id: 1, username: 'admin', role: 'admin', email: null }, expiresAt: Date.now() + 60_000 });
    const errors: TaskSocketError[] = [];
    const ws = track(
      new TaskWebSocket(
        id,
        () => {},
        (e) => errors.push(e),
        { reconnect: false },
      ),
    );
    ws.connect();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]!.code).toBe(1006);
    job.complete(id);
  });

  it('reconnects after an abnormal close and resumes with since: nothing lost, nothing repeated', async () => {
    const id = await runningTask();
    const seen = upgrades();
    const cut = socketSwitch(server);
    const updates: Task[] = [];
    const errors: TaskSocketError[] = [];
    const ws = track(
      new TaskWebSocket(
        id,
        (t) => updates.push(t),
        (e) => errors.push(e),
        { minDelayMs: 50, maxDelayMs: 200 },
      ),
    );
    ws.connect();
    job.progress(id, 1, 'один', 10);
    await vi.waitFor(() => expect(updates.at(-1)?.processed).toBe(1));
    const before = updates.at(-1)!.seq;

    cut.refuse();
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(1));
    job.progress(id, 5, 'пять'); // happens while disconnected
    await vi.waitFor(async () => expect((await server.engine.getTask(id))?.processed).toBe(5));
    cut.restore();

    await vi.waitFor(() => expect(updates.at(-1)?.processed).toBe(5));
    const resumed = seen.at(-1)!;
    expect(new URL(resumed.url, 'http://x').searchParams.get('since')).toBe(String(before));
    const seqs = updates.map((t) => t.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    job.complete(id);
    await vi.waitFor(() => expect(updates.at(-1)?.status).toBe('completed'));
  });

  it('waits longer after each failed attempt (exponential backoff)', async () => {
    const cut = socketSwitch(server);
    cut.refuse();
    // Counted before the refusal answers: every attempt reaches the server.
    const seen = upgrades();
    const ws = track(
      new TaskWebSocket(
        null,
        () => {},
        () => {},
        { minDelayMs: 40, maxDelayMs: 10_000 },
      ),
    );
    ws.connect();
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(5), { timeout: 5000 });
    ws.close();
    cut.restore();
    const gaps = seen.slice(1, 5).map((s, i) => s.at - seen[i]!.at);
    // Delay n is 40 ms × 2^n, ±20 %: each gap at least 80 % of it.
    gaps.forEach((gap, n) => expect(gap).toBeGreaterThanOrEqual(0.8 * 40 * 2 ** n - 5));
    expect(gaps[3]!).toBeGreaterThan(gaps[0]!);
  });

  it('with a null task id follows every visible task', async () => {
    const updates: Task[] = [];
    let opened = 0;
    const ws = track(new TaskWebSocket(null, (t) => updates.push(t), undefined, { onOpen: () => opened++ }));
    ws.connect();
    await vi.waitFor(() => expect(opened).toBe(1));
    const a = await runningTask();
    const b = await runningTask();
    job.complete(a);
    job.complete(b);
    await vi.waitFor(() => {
      const done = new Set(updates.filter((t) => t.status === 'completed').map((t) => t.task_id));
      expect(done.has(a) && done.has(b)).toBe(true);
    });
    expect(ws.connected).toBe(true);
  });
});
