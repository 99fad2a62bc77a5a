/**
 * The report export end to end, as an application embedding Taskcast runs it: a SQLite file in a temporary
 * folder, the application's own Fastify listening on a free port, users logging in over HTTP, an export started
 * over HTTP and followed over a real WebSocket to its end, its result and CSV read over HTTP — and another user
 * seeing none of it. The rows come from a source that holds the second chunk until the test has seen the first
 * chunk's progress arrive (or cancels), so every step is observed rather than raced.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSocket, refusedSocket, type TestSocket } from '../../test/support/sockets.js';
import { createTaskcast, openSqlite, taskcastPlugin, type SqliteStorage, type Taskcast } from '../../src/index.js';
import { reportExportFeature } from './reportExportFeature.js';
import { generatedRows, type ReportSource } from './reportSource.js';

const CHUNK = 250;
const ROWS = 1000;

/** Generated rows; reading the second chunk waits until `resume()`, or until the task is cancelled. */
class HeldSource implements ReportSource {
  private resumeHeld: () => void = () => {};
  private held = this.hold();

  private hold(): Promise<void> {
    return new Promise((resolve) => (this.resumeHeld = resolve));
  }

  async readRows(offset: number, limit: number, signal: AbortSignal): Promise<string[][]> {
    if (offset === CHUNK) {
      await new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        void this.held.then(resolve);
      });
    }
    return generatedRows.readRows(offset, limit, signal);
  }

  /** Lets the held read go on. */
  resume(): void {
    this.resumeHeld();
  }

  /** Holds the second chunk of the next export again. */
  rearm(): void {
    this.held = this.hold();
  }
}

let dir: string;
let storage: SqliteStorage;
let taskcast: Taskcast<SqliteStorage>;
let app: FastifyInstance;
let base: string;
const source = new HeldSource();
const tokens: Record<'ann' | 'bob', string> = { ann: '', bob: '' };

/** An HTTP call to the application, as `who` when given. */
async function call(method: string, path: string, who?: keyof typeof tokens, body?: unknown) {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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

/** The socket that follows one task, as `who`. */
const follow = (taskId: string, who: keyof typeof tokens): Promise<TestSocket> =>
  openSocket(`${base.replace('http', 'ws')}/api/v1/ws/tasks/${taskId}?token=${tokens[who]}`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-export-'));
  storage = openSqlite({ file: join(dir, 'taskcast.db') });
  taskcast = createTaskcast({ storage, shutdownGraceMs: 1000 }).use(reportExportFeature({ outputDir: join(dir, 'reports'), source }));
  await taskcast.addUser({ username: 'ann', password: 'ann-password', role: 'user' });
  await taskcast.addUser({ username: 'bob', password: 'bob-password', role: 'user' });
  app = Fastify();
  await app.register(taskcastPlugin, { taskcast });
  await taskcast.start();
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  for (const who of ['ann', 'bob'] as const) {
    const login = await call('POST', '/api/v1/auth/login', undefined, { username: who, password: `${who}-password` });
    expect(login.status).toBe(200);
    tokens[who] = login.json.access_token;
  }
});

afterAll(async () => {
  source.resume();
  await app?.close();
  await taskcast?.close();
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

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
    expect((await call('GET', '/api/v1/tasks', 'bob')).json).toEqual({ tasks: [], total: 0 });
    expect((await refusedSocket(`${base.replace('http', 'ws')}/api/v1/ws/tasks/${taskId}?token=${tokens.bob}`)).status).toBe(404);
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
    expect(existsSync(join(dir, 'reports', `${taskId}.csv`))).toBe(false);
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
});
