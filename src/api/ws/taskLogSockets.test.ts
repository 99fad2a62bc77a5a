import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSocket, type SocketMessage, type TestSocket } from '../../../test/support/sockets.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';
import { gate, waitForFinal } from '../../../test/support/wait.js';

// `chatty` waits for the test, logs a line, waits again, logs another, and ends.
let server: TestServer;
const proceed = new Map<string, ReturnType<typeof gate<void>>>();
const gateOf = (id: string) => {
  let g = proceed.get(id);
  if (!g) proceed.set(id, (g = gate<void>()));
  return g;
};
const sockets: TestSocket[] = [];
beforeAll(async () => {
  server = await startTestServer({
    engine: { taskLogFlushMs: 20 },
    setup(engine) {
      engine.defineTaskType({
        type: 'chatty',
        async handler(ctx) {
          await gateOf(`${ctx.taskId}:1`).promise;
          ctx.log('info', 'Начало', { step: 1 });
          await gateOf(`${ctx.taskId}:2`).promise;
          ctx.log('error', 'Ошибка 1С', { code: 'ONEC_UNAVAILABLE' });
        },
      });
      // Logs `lines` lines of 2 KB once released, yielding now and then so they go out in several batches.
      engine.defineTaskType<{ lines: number }>({
        type: 'flood',
        async handler(ctx) {
          await gateOf(`${ctx.taskId}:1`).promise;
          for (let i = 1; i <= ctx.payload.lines; i++) {
            ctx.log('info', `${i} ${'ж'.repeat(1000)}`);
            if (i % 500 === 0) await new Promise((r) => setTimeout(r, 30));
          }
        },
      });
    },
  });
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await server.close();
});

async function connect(path: string): Promise<TestSocket> {
  const socket = await openSocket(`${server.wsUrl}${path}?token=${server.user.token}`);
  sockets.push(socket);
  return socket;
}

const isLog = (m: SocketMessage) => m.type === 'log';

describe('log lines over the task socket', () => {
  test('a line a handler logs reaches the task’s subscriber live, with its stored seq', async () => {
    const task = await server.engine.enqueue('chatty', { user_id: server.user.user.id });
    const socket = await connect(`/api/v1/ws/tasks/${task.task_id}`);
    await socket.inbox.next(); // the snapshot
    gateOf(`${task.task_id}:1`).open();
    const first = (await socket.inbox.until(isLog)).at(-1)!;
    expect(first).toEqual({
      type: 'log',
      task_id: task.task_id,
      items: [{ seq: 1, at: expect.any(String), level: 'info', message: 'Начало', fields: { step: 1 } }],
    });
    // Live: the task is still running when the line arrives.
    expect((await server.engine.getTask(task.task_id))!.status).toBe('running');
    gateOf(`${task.task_id}:2`).open();
    const second = (await socket.inbox.until(isLog)).at(-1)!;
    expect(second.items).toEqual([
      { seq: 2, at: expect.any(String), level: 'error', message: 'Ошибка 1С', fields: { code: 'ONEC_UNAVAILABLE' } },
    ]);
    const final = await waitForFinal(server.engine, task.task_id);
    expect(final.status).toBe('completed');
  });

  test('the all-tasks socket sends no log lines', async () => {
    const all = await connect('/api/v1/ws/tasks');
    const task = await server.engine.enqueue('chatty', { user_id: server.user.user.id });
    gateOf(`${task.task_id}:1`).open();
    gateOf(`${task.task_id}:2`).open();
    const messages = await all.inbox.until(
      (m) => m.type === 'task_update' && m.task.task_id === task.task_id && m.task.status === 'completed',
    );
    expect(messages.filter(isLog)).toEqual([]);
    all.send({ type: 'ping' });
    expect((await all.inbox.until((m) => m.type === 'pong')).filter(isLog)).toEqual([]);
  });

  test('a reader that stops reading is not cut by a flood of lines: it gets them later in order, the newest kept', async () => {
    const task = await server.engine.enqueue('flood', { user_id: server.user.user.id, payload: { lines: 3000 } });
    const socket = await connect(`/api/v1/ws/tasks/${task.task_id}`);
    await socket.inbox.next(); // the snapshot
    const tcp = (socket.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    gateOf(`${task.task_id}:1`).open();
    await waitForFinal(server.engine, task.task_id);
    // 6 MB of lines went to a reader that read nothing: held back instead of closing it (1 MiB unsent would).
    tcp.resume();
    const messages = await socket.inbox.until((m) => m.type === 'task_update' && m.task.status === 'completed');
    const seqs = messages.filter(isLog).flatMap((m) => m.items.map((l: { seq: number }) => l.seq));
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    expect(seqs.at(-1)).toBe(3000);
    expect(seqs.length).toBeGreaterThanOrEqual(1000);
    expect(messages.filter(isLog).every((m) => m.items.length <= 50)).toBe(true);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
  });
});
