import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Task } from '../../engine/index.js';
import { api } from '../../../test/support/http.js';
import { backdateFinish, makeTask, type FixtureStatus } from '../../../test/support/tasks.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';

// No runner: tasks stay where the test puts them.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ engine: { runTasks: false } });
});
afterAll(() => server.close());

/** A task of the given status, finished `hoursAgo` hours ago when it is finished. */
async function task(status: FixtureStatus, hoursAgo?: number): Promise<Task> {
  const t = await makeTask(server.engine, { type: 'manual', owner: server.user, status });
  if (hoursAgo !== undefined) backdateFinish(server.storage, t.task_id, hoursAgo);
  return t;
}
const exists = async (t: Task) => (await server.engine.getTask(t.task_id)) !== null;
const cleanup = (query: string, token = server.admin.token) => api(server, token).post(`/api/v1/tasks/cleanup${query}`);

describe('POST /api/v1/tasks/cleanup', () => {
  test('removes only finished tasks older than max_age_hours, never pending or running ones', async () => {
    const old = [await task('completed', 48), await task('failed', 30), await task('cancelled', 25)];
    const hourOld = await task('completed', 1);
    const recent = await task('failed', 0.1);
    const pending = await task('pending');
    const running = await task('running');

    const day = await cleanup('?max_age_hours=24');
    expect(day.status).toBe(200);
    expect(day.body).toEqual({ deleted: 3 });
    for (const t of old) expect(await exists(t)).toBe(false);
    for (const t of [hourOld, recent, pending, running]) expect(await exists(t)).toBe(true);

    const halfHour = await cleanup('?max_age_hours=0.5');
    expect(halfHour.body).toEqual({ deleted: 1 });
    expect(await exists(hourOld)).toBe(false);
    expect(await exists(recent)).toBe(true);

    const all = await cleanup('?max_age_hours=0');
    expect(all.body).toEqual({ deleted: 1 });
    expect(await exists(recent)).toBe(false);
    expect(await exists(pending)).toBe(true);
    expect(await exists(running)).toBe(true);

    expect((await cleanup('?max_age_hours=0')).body).toEqual({ deleted: 0 });
  });

  test('without max_age_hours it keeps the last 24 hours', async () => {
    const old = await task('completed', 25);
    const young = await task('completed', 23);
    const res = await cleanup('');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: 1 });
    expect(await exists(old)).toBe(false);
    expect(await exists(young)).toBe(true);
  });

  test.each(['manager', 'user'] as const)('a %s gets 403 and nothing is removed', async (role) => {
    const old = await task('completed', 100);
    const res = await cleanup('?max_age_hours=0', server[role].token);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: expect.any(String) });
    expect(await exists(old)).toBe(true);
  });

  test('without a token: 401', async () => {
    expect((await api(server).post('/api/v1/tasks/cleanup?max_age_hours=0')).status).toBe(401);
  });

  test.each(['-1', '-0.5', 'abc', 'Infinity', 'NaN', '%20', '1e10', '1000001', '12h'])(
    'max_age_hours=%s answers 400 naming the field and removes nothing',
    async (value) => {
      const old = await task('completed', 100);
      const res = await cleanup(`?max_age_hours=${value}`);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('query.max_age_hours');
      expect(await exists(old)).toBe(true);
    },
  );
});
