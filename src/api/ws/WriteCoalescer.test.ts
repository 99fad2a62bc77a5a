import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Task } from '../../engine/index.js';
import { prepareText, taskUpdateMessage } from './preparedFrames.js';
import { TaskSender } from './TaskSender.js';
import { WriteCoalescer } from './WriteCoalescer.js';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

/** A real server socket and the client connected to it, the client recording what it receives. */
async function pair(perMessageDeflate = false): Promise<{ server: WebSocket; received: string[]; arrived: (n: number) => Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
  servers.push(wss);
  await once(wss, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate });
  const received: string[] = [];
  let wake = () => {};
  client.on('message', (data) => {
    received.push(data.toString());
    wake();
  });
  const [server] = (await once(wss, 'connection')) as [WebSocket];
  await once(client, 'open');
  const arrived = async (n: number) => {
    while (received.length < n) await new Promise<void>((r) => (wake = r));
  };
  return { server, received, arrived };
}

const connectionOf = (ws: WebSocket) => (ws as unknown as { _socket: import('node:net').Socket })._socket;

function task(seq: number, status: Task['status']): Task {
  return { task_id: '0190b2a4-0000-7000-8000-00000000000a', seq, status, progress: { current: seq, total: 3 } } as unknown as Task;
}

describe('WriteCoalescer and prepared frames', () => {
  test("a turn's frames to one connection leave in one write, in order, and the client reads each message", async () => {
    const { server, received, arrived } = await pair();
    const connection = connectionOf(server);
    const coalescer = new WriteCoalescer();
    const frames = ['one', 'two', 'three'].map((t) => prepareText(JSON.stringify({ t })));
    const writtenBefore = connection.bytesWritten;
    for (const f of frames) coalescer.write(connection, f.frame);
    // Corked: all three wait in the connection's buffer, nothing has been written yet.
    expect(connection.writableLength).toBe(frames.reduce((n, f) => n + f.frame.length, 0));
    expect(connection.bytesWritten - writtenBefore).toBe(connection.writableLength);
    await arrived(3);
    expect(received).toEqual(['{"t":"one"}', '{"t":"two"}', '{"t":"three"}']);
    expect(connection.writableLength).toBe(0);
  });

  test("a task's change is framed once, whichever socket asks", () => {
    const t = task(1, 'running');
    expect(taskUpdateMessage(t)).toBe(taskUpdateMessage(t));
    expect(JSON.parse(taskUpdateMessage(t).payload.toString())).toEqual({ type: 'task_update', task: t });
    // A frame over 125 bytes carries a 16-bit length: the payload view still starts after the header.
    const long = prepareText(JSON.stringify({ text: 'ж'.repeat(200) }));
    expect(long.frame.length).toBe(long.payload.length + 4);
    expect(JSON.parse(long.payload.toString())).toEqual({ text: 'ж'.repeat(200) });
  });

  test('changes sent in one turn through TaskSender all arrive, in seq order, the final state last', async () => {
    const { server, received, arrived } = await pair();
    let sent = 0;
    const sender = new TaskSender(
      server,
      1024 * 1024,
      64 * 1024,
      () => {},
      1000,
      new WriteCoalescer(),
      () => sent++,
    );
    for (let seq = 1; seq <= 5; seq++) sender.task(task(seq, seq === 5 ? 'completed' : 'running'));
    sender.raw(JSON.stringify({ type: 'pong' }));
    expect(sent).toBe(6);
    await arrived(6);
    const updates = received.slice(0, 5).map((r) => JSON.parse(r) as { type: string; task: Task });
    expect(updates.map((u) => u.task.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(updates.at(-1)!.task.status).toBe('completed');
    expect(JSON.parse(received[5]!)).toEqual({ type: 'pong' });
  });

  test('a socket with an extension negotiated (compression) gets the same messages through ws.send', async () => {
    const { server, received, arrived } = await pair(true);
    expect(server.extensions).toContain('permessage-deflate');
    const sender = new TaskSender(server, 1024 * 1024, 64 * 1024, () => {}, 1000, new WriteCoalescer());
    sender.task(task(1, 'running'));
    sender.task(task(2, 'completed'));
    await arrived(2);
    expect(received.map((r) => (JSON.parse(r) as { task: Task }).task.seq)).toEqual([1, 2]);
  });
});
