/**
 * The report export end to end, as an application embedding Taskcast runs it: a SQLite file in a temporary
 * folder, the application's own Fastify listening on a free port, users logging in over HTTP, an export started
 * over HTTP and followed over a real WebSocket to its end, its result and CSV read over HTTP — and another user
 * seeing none of it. The rows come from a source that holds the second chunk until the test has seen the first
 * chunk's progress arrive (or cancels), so every step is observed rather than raced.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSocket, refusedSocket, type TestSocket } from '../../test/support/sockets.js';
import { HeldSource } from './heldSource.js';
import { startTestReportApp, type TestReportApp, type TestUserName } from './testReportApp.js';

const CHUNK = 250;
const ROWS = 1000;

const source = new HeldSource(CHUNK);
let running: TestReportApp;

beforeAll(async () => {
  running = await startTestReportApp(source);
});
afterAll(async () => {
  source.resume();
  await running?.close();
});

/** An HTTP call to the application, as `who` when given. */
async function call(method: string, path: string, who?: TestUserName, body?: unknown) {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${running.tokens[who]}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(running.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked by the assertions
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a CSV, not JSON
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** The socket URL of one task, with `who`'s token (browsers cannot set headers on a socket). */
const socketUrl = (taskId: string, who: TestUserName) =>
  `${running.base.replace('http', 'ws')}/api/v1/ws/tasks/${taskId}?token=${running.tokens[who]}`;

/** The socket that follows one task, as `who`. */
const follow = (taskId: string, who: TestUserName): Promise<TestSocket> => openSocket(socketUrl(taskId, who));

describe('report export', () => {
  test('runs end to end: started over HTTP, followed over a socket with progress, result and CSV over HTTP', async () => {
    const started = await call('POST', '/api/v1/reports/export', 'ann', { rows: ROWS, chunk_size: CHUNK });
    expect(started.status).toBe(202);
    const taskId: string = started.json.task_id;

    const socket = await follow(taskId, 'ann');
    const first = await socket.inbox.until((m) => m.type === 'task_update' && m.task.processed === CHUNK);
    expect(first.at(-1)!.task).toMatchObject({ status: 'running', total: ROWS, progress: 25, message: `${CHUNK} of ${ROWS} rows written` });
    source.resume();
    const rest = await socket.inbox.until((m) => m.type === 'task_update' && m.task.status === 'completed');
    await socket.close();
    const updates = [...first, ...rest].map((m) => m.task);
    // Every update in order, progress never going back, the last one complete.
    expect(updates.map((t) => t.seq)).toEqual([...updates.map((t) => t.seq)].sort((a, b) => a - b));
    expect(updates.at(-1)).toMatchObject({ status: 'completed', processed: ROWS, progress: 100 });

    const task = await call('GET', `/api/v1/tasks/${taskId}`, 'ann');
    expect(task.status).toBe(200);
    expect(task.json).toMatchObject({ task_type: 'report_export', status: 'completed', user_id: expect.any(Number) });
    expect(task.json.result).toEqual({ rows: ROWS, bytes: expect.any(Number), file: `${taskId}.csv` });

    const csv = await call('GET', `/api/v1/reports/${taskId}/csv`, 'ann');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\n');
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[0]).toBe('id,customer,amount');
    expect(lines[1]).toBe('1,"Customer 1, Ltd.",79.19');
    expect(Buffer.byteLength(csv.text)).toBe(task.json.result.bytes);

    // Another user: the same 404 as for a task that does not exist, over HTTP and the socket; not in their list.
    expect((await call('GET', `/api/v1/tasks/${taskId}`, 'bob')).status).toBe(404);
    expect((await call('GET', `/api/v1/reports/${taskId}/csv`, 'bob')).status).toBe(404);
    expect((await call('POST', `/api/v1/tasks/${taskId}/cancel`, 'bob')).status).toBe(404);
    expect((await call('GET', '/api/v1/tasks', 'bob')).json).toEqual({ tasks: [], total: 0, total_capped: false });
    expect((await refusedSocket(socketUrl(taskId, 'bob'))).status).toBe(404);
  });

  test('a cancelled export stops at its next chunk and leaves no file', async () => {
    source.rearm();
    const started = await call('POST', '/api/v1/reports/export', 'ann', { rows: ROWS, chunk_size: CHUNK });
    const taskId: string = started.json.task_id;
    const socket = await follow(taskId, 'ann');
    await socket.inbox.until((m) => m.type === 'task_update' && m.task.processed === CHUNK);
    expect((await call('GET', `/api/v1/reports/${taskId}/csv`, 'ann')).status).toBe(409);

    expect((await call('POST', `/api/v1/tasks/${taskId}/cancel`, 'ann')).status).toBe(200);
    const [last] = (await socket.inbox.until((m) => m.type === 'task_update' && m.task.status === 'cancelled')).slice(-1);
    await socket.close();
    expect(last!.task).toMatchObject({ status: 'cancelled', processed: CHUNK });
    expect(existsSync(join(running.dir, 'reports', `${taskId}.csv`))).toBe(false);
  });

  test('asks who is calling, and refuses bad input naming the field', async () => {
    expect((await call('POST', '/api/v1/reports/export', undefined, { rows: 10 })).status).toBe(401);
    const tooMany = await call('POST', '/api/v1/reports/export', 'ann', { rows: 5_000_000 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toEqual({ detail: 'body/rows must be <= 1000000' });
    const notANumber = await call('POST', '/api/v1/reports/export', 'ann', { rows: 'many' });
    expect(notANumber.status).toBe(400);
    expect(notANumber.json.detail).toMatch(/^body\/rows /);
    expect((await call('GET', '/api/v1/reports/not-a-task/csv', 'ann')).status).toBe(404);
  });

  test('a file that cannot be written fails the export, and the application goes on', async () => {
    const other = await startTestReportApp();
    try {
      // The reports folder vanishes under the running application (an operator's clean-up, a full disk alike).
      rmSync(join(other.dir, 'reports'), { recursive: true, force: true });
      const res = await fetch(`${other.base}/api/v1/reports/export`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.tokens.ann}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rows: 10, chunk_size: 5 }),
      });
      expect(res.status).toBe(202);
      const { task_id: taskId } = (await res.json()) as { task_id: string };
      const socket = await openSocket(`${other.base.replace('http', 'ws')}/api/v1/ws/tasks/${taskId}?token=${other.tokens.ann}`);
      const [last] = (await socket.inbox.until((m) => m.type === 'task_update' && m.task.status === 'failed')).slice(-1);
      await socket.close();
      expect(last!.task.error).toMatch(/ENOENT/);
      const health = await fetch(`${other.base}/api/v1/tasks`, { headers: { authorization: `Bearer ${other.tokens.ann}` } });
      expect(health.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
