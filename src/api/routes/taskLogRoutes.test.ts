import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../../../test/support/http.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';
import { waitForFinal } from '../../../test/support/wait.js';

// `talk` logs `n` lines and ends; its lines are stored before its final state.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    setup(engine) {
      engine.defineTaskType<{ n: number }>({
        type: 'talk',
        handler(ctx) {
          for (let i = 1; i <= ctx.payload.n; i++) ctx.log(i % 2 ? 'info' : 'warn', `Строка ${i}`, { i });
        },
      });
      engine.defineTaskType<{ n: number }>({ type: 'shared_talk', shared: true, handler: () => null });
    },
  });
});
afterAll(() => server.close());

const MISSING_ID = '0190b2a4-0000-7000-8000-000000000000';

async function talked(n: number, userId = server.user.user.id): Promise<string> {
  const task = await server.engine.enqueue('talk', { payload: { n }, user_id: userId });
  await waitForFinal(server.engine, task.task_id);
  return task.task_id;
}

describe('GET /api/v1/tasks/{task_id}/logs', () => {
  test('answers {items: [{seq, at, level, message, fields}]}, oldest first', async () => {
    const id = await talked(3);
    const res = await api(server, server.user.token).get(`/api/v1/tasks/${id}/logs`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['items']);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[1]).toEqual({ seq: 2, at: expect.any(String), level: 'warn', message: 'Строка 2', fields: { i: 2 } });
    for (const item of res.body.items) {
      expect(Object.keys(item)).toEqual(['seq', 'at', 'level', 'message', 'fields']);
      expect(new Date(item.at).toISOString()).toBe(item.at);
    }
  });

  test('since is exclusive; limit pages; an empty page past the end', async () => {
    const id = await talked(10);
    const page = async (q: string) =>
      (await api(server, server.user.token).get(`/api/v1/tasks/${id}/logs${q}`)).body.items.map((l: { seq: number }) => l.seq);
    expect(await page('?since=7')).toEqual([8, 9, 10]);
    expect(await page('?since=2&limit=3')).toEqual([3, 4, 5]);
    expect(await page('?since=10')).toEqual([]);
  });

  test('a bad since or limit is a 400 naming the field', async () => {
    const id = await talked(1);
    for (const q of ['?since=-1', '?since=abc', '?limit=0', '?limit=1001']) {
      const res = await api(server, server.user.token).get(`/api/v1/tasks/${id}/logs${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.detail, q).toMatch(/query\.(since|limit)/);
    }
  });

  test('the same visibility as the task: another user, a missing task and a bad id answer one 404', async () => {
    const id = await talked(2);
    const other = await api(server, server.user2.token).get(`/api/v1/tasks/${id}/logs`);
    const missing = await api(server, server.user.token).get(`/api/v1/tasks/${MISSING_ID}/logs`);
    const bad = await api(server, server.user.token).get(`/api/v1/tasks/not-a-uuid/logs`);
    expect([other.status, missing.status, bad.status]).toEqual([404, 404, 404]);
    expect(other.text).toBe(missing.text);
    expect((await api(server, server.admin.token).get(`/api/v1/tasks/${id}/logs`)).body.items).toHaveLength(2);
  });

  test('a task without lines answers an empty list; its lines go when the task is cleaned up', async () => {
    const quiet = await talked(0);
    expect((await api(server, server.user.token).get(`/api/v1/tasks/${quiet}/logs`)).body).toEqual({ items: [] });
    const id = await talked(2);
    expect(await server.storage.tasks.deleteFinishedBefore(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    expect(await server.storage.logs.listTaskLogs(id, 0, 10)).toEqual([]);
  });
});
