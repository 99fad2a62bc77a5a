/**
 * Issue 9, item 2, on a real server and real sockets: what one client may send (frame size, messages per
 * second), and what a client that reads slowly or not at all costs the server (coalesced updates, then
 * 1013). The memory and latency under a 60 s flood are measured on a separate process in
 * test/hardening/websocketFlood.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import type { Task } from '../../engine/index.js';
import { openSocket, type TestSocket } from '../../../test/support/sockets.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  // Close handshakes get 30 s, so a paused client that resumes reading always sees the close frame.
  server = await startTestServer({
    sockets: { maxMessageBytes: 4096, messagesPerSecond: 20, maxBufferedBytes: 16_384, closeGraceMs: 30_000 },
  });
});
afterAll(() => server.close());

const allTasks = () => `${server.wsUrl}/api/v1/ws/tasks?token=${server.admin.token}`;

/** Resolves with the close code and reason once the server closed the socket. */
function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
}

/** The client's TCP socket: paused, it reads nothing, as a client that never reads. */
function tcp(socket: TestSocket): { pause(): void; resume(): void } {
  return (socket.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
}

/** Resolves once the engine publishes a change of `taskId` that satisfies `predicate`. */
function published(taskId: string, predicate: (t: Task) => boolean): Promise<Task> {
  return new Promise((resolve) => {
    const stop = server.engine.subscribe(taskId, (t) => {
      if (!predicate(t)) return;
      stop();
      resolve(t);
    });
  });
}

/** Drives a task through `updates` published progress changes, each with a message of `messageChars` characters. */
async function churn(taskId: string, updates: number, messageChars: number): Promise<Task> {
  await server.engine.startTask(taskId);
  for (let i = 1; i <= updates; i++) {
    // Progress is coalesced per interval: wait until this one went out before the next.
    const out = published(taskId, (t) => t.processed === i);
    await server.engine.updateProgress(taskId, i, { message: `${i} ${'ж'.repeat(messageChars)}` });
    await out;
  }
  return server.engine.completeTask(taskId, { updates });
}

describe('what a client may send', () => {
  test('a message larger than the limit closes the socket with 1008 and a reason, as a flood does', async () => {
    const s = await openSocket(allTasks());
    const end = closed(s.ws);
    s.ws.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(5000) }));
    expect(await end).toEqual({ code: 1008, reason: 'Message larger than 4096 bytes' });
  });

  test('within the rate every ping gets its pong; past it the socket is closed with 1008 and a reason', async () => {
    const polite = await openSocket(allTasks());
    for (let i = 0; i < 10; i++) polite.send({ type: 'ping' });
    expect((await polite.inbox.take(10)).map((m) => m.type)).toEqual(Array(10).fill('pong'));
    await polite.close();

    const flood = await openSocket(allTasks());
    const end = closed(flood.ws);
    for (let i = 0; i < 200; i++) flood.send({ type: 'ping' });
    expect(await end).toEqual({ code: 1008, reason: 'More than 20 messages per second' });
    // The burst allowance (twice the rate) was answered, the rest was not.
    expect(flood.inbox.received.filter((m) => m.type === 'pong').length).toBeLessThanOrEqual(40);
  });
});

describe('a client that reads slowly', () => {
  test('gets the latest state of every task instead of every change, and the final state of each', async () => {
    const reader = await openSocket(allTasks());
    tcp(reader).pause();
    const tasks = await Promise.all(Array.from({ length: 20 }, () => server.engine.createTask({ task_type: 'manual' })));
    // Several MB of changes: more than the kernel buffers, so updates pile up in the server and are coalesced.
    let published = 0;
    const counter = server.engine.subscribeAll(() => published++);
    const finals = await Promise.all(tasks.map((t) => churn(t.task_id, 40, 3000)));
    counter();
    tcp(reader).resume();

    for (const final of finals) {
      await reader.inbox.until((m) => m.type === 'task_update' && m.task.task_id === final.task_id && m.task.status === 'completed');
    }
    const updates = reader.inbox.received.filter((m) => m.type === 'task_update').map((m) => m.task as Task);
    for (const t of tasks) {
      const seqs = updates.filter((u) => u.task_id === t.task_id).map((u) => u.seq);
      expect(seqs, 'each task in seq order').toEqual([...seqs].sort((a, b) => a - b));
    }
    expect(updates.length, `${updates.length} sent of ${published} changes`).toBeLessThan(published);
    expect(reader.ws.readyState).toBe(WebSocket.OPEN);
    await reader.close();
  });

  test('one that does not read while its unsent data passes the limit is closed with 1013', async () => {
    const reader = await openSocket(allTasks());
    const end = closed(reader.ws);
    tcp(reader).pause();
    const task = await server.engine.createTask({ task_type: 'manual' });
    await server.engine.startTask(task.task_id);
    // Each update is ~120 kB: the kernel's buffers fill, then the server's own unsent data passes 16 kB and
    // the next update closes the socket (its close frame waits behind what is unsent).
    for (let i = 1; i <= 200 && reader.ws.readyState === WebSocket.OPEN; i++) {
      const out = published(task.task_id, (t) => t.processed === i);
      await server.engine.updateProgress(task.task_id, i, { message: 'ж'.repeat(60_000) });
      await out;
    }
    tcp(reader).resume();
    expect(await end).toEqual({ code: 1013, reason: 'Client reads too slowly' });
  });
});
