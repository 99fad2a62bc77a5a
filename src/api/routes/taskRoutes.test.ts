import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Task } from '../../engine/index.js';
import { api } from '../../../test/support/http.js';
import { addUser, makeTask } from '../../../test/support/tasks.js';
import { startTestServer, type TestServer, type TestUser } from '../../../test/support/testServer.js';
import { waitForTask } from '../../../test/support/wait.js';

// No runner: every task stays exactly where the test puts it.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    engine: { runTasks: false },
    setup(engine) {
      engine.defineTaskType({ type: 'report', handler: () => null });
      engine.defineTaskType({ type: 'export', handler: () => null });
      engine.defineTaskType({ type: 'company_sync', handler: () => null, shared: true });
    },
  });
});
afterAll(() => server.close());

const MISSING_ID = '0190b2a4-0000-7000-8000-000000000000';

describe('GET /api/v1/tasks/{task_id}', () => {
  test('answers the task with the fields of the specification', async () => {
    const task = await makeTask(server.engine, { type: 'report', owner: server.user, status: 'completed', total: 10, result: { rows: 3 } });
    const res = await api(server, server.user.token).get(`/api/v1/tasks/${task.task_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      task_id: task.task_id,
      task_type: 'report',
      status: 'completed',
      progress: 100,
      total: 10,
      result: { rows: 3 },
      error: null,
      user_id: server.user.user.id,
      cancel_requested: false,
    });
    for (const field of ['created_at', 'started_at', 'completed_at']) expect(Date.parse(res.body[field]), field).not.toBeNaN();
    // Engine-only fields stay inside.
    for (const hidden of ['payload', 'checkpoint', 'lease_owner', 'lease_expires_at']) expect(res.body).not.toHaveProperty(hidden);
  });

  test('a failed task carries its error', async () => {
    const task = await makeTask(server.engine, { type: 'report', owner: server.user, status: 'failed' });
    const res = await api(server, server.user.token).get(`/api/v1/tasks/${task.task_id}`);
    expect(res.body).toMatchObject({ status: 'failed', error: 'something broke' });
  });

  test('a missing task and an id that is not a UUID answer the same 404', async () => {
    const missing = await api(server, server.user.token).get(`/api/v1/tasks/${MISSING_ID}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: expect.any(String) });
    for (const id of ['not-a-uuid', '12345', "1' OR '1'='1", MISSING_ID.slice(0, -1)]) {
      const res = await api(server, server.user.token).get(`/api/v1/tasks/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(404);
      expect(res.text, id).toBe(missing.text);
    }
  });

  test('without a token: 401', async () => {
    const res = await api(server).get(`/api/v1/tasks/${MISSING_ID}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: expect.any(String) });
  });
});

describe('progress', () => {
  async function progressAfter(processed: number, total: number): Promise<Task> {
    const task = await makeTask(server.engine, { type: 'report', owner: server.user, status: 'running', total });
    await server.engine.updateProgress(task.task_id, processed);
    await waitForTask(server.engine, task.task_id, (t) => t.processed === processed);
    return (await api(server, server.user.token).get(`/api/v1/tasks/${task.task_id}`)).body;
  }

  test.each([
    [999, 1000, 99],
    [1, 3, 33],
    [2, 3, 66],
    [1000, 1000, 99],
    [0, 1000, 0],
  ])('processed %i of %i reads %i while running (rounded down, never 100)', async (processed, total, expected) => {
    const task = await progressAfter(processed, total);
    expect(task).toMatchObject({ status: 'running', processed, total, progress: expected });
  });

  test('reads 100 once completed, and 0 while the total is unknown', async () => {
    const unknownTotal = await makeTask(server.engine, { type: 'report', owner: server.user, status: 'running' });
    await server.engine.updateProgress(unknownTotal.task_id, 500);
    await waitForTask(server.engine, unknownTotal.task_id, (t) => t.processed === 500);
    expect((await api(server, server.user.token).get(`/api/v1/tasks/${unknownTotal.task_id}`)).body).toMatchObject({
      progress: 0,
      total: null,
    });

    const running = await makeTask(server.engine, { type: 'report', owner: server.user, status: 'running', total: 1000 });
    await server.engine.updateProgress(running.task_id, 999);
    await server.engine.completeTask(running.task_id, null);
    const done = (await api(server, server.user.token).get(`/api/v1/tasks/${running.task_id}`)).body;
    expect(done).toMatchObject({ status: 'completed', processed: 999, progress: 100 });
  });
});

describe('GET /api/v1/tasks', () => {
  // A user of their own, so the list holds exactly the tasks made here.
  let owner: TestUser;
  let other: TestUser;
  const made: Task[] = [];
  beforeAll(async () => {
    owner = await addUser(server, 'user', 'lister');
    other = await addUser(server, 'user', 'bystander');
    for (const f of [
      { type: 'report', status: 'completed' },
      { type: 'report', status: 'pending' },
      { type: 'export', status: 'failed' },
      { type: 'report', status: 'running' },
      { type: 'export', status: 'completed' },
      { type: 'report', status: 'cancelled' },
      { type: 'report', status: 'completed' },
    ] as const) {
      made.push(await makeTask(server.engine, { ...f, owner }));
    }
    await makeTask(server.engine, { type: 'report', owner: other, status: 'completed' });
    await makeTask(server.engine, { type: 'report', owner: other, status: 'pending' });
  });

  const list = (query = '', user = owner) => api(server, user.token).get(`/api/v1/tasks${query}`);
  const newestFirst = (tasks: Task[]) => [...tasks].reverse().map((t) => t.task_id);

  test("answers the caller's tasks newest first with the total, 20 by default", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['tasks', 'total', 'total_capped']);
    expect(res.body.total).toBe(made.length);
    expect(res.body.tasks.map((t: Task) => t.task_id)).toEqual(newestFirst(made));
  });

  test('limit and offset page through the selection; total counts the whole selection', async () => {
    const first = await list('?limit=3&offset=0');
    const second = await list('?limit=3&offset=3');
    const last = await list('?limit=3&offset=6');
    const beyond = await list('?limit=3&offset=100');
    expect(first.body.total).toBe(made.length);
    expect(second.body.total).toBe(made.length);
    expect(beyond.body).toEqual({ tasks: [], total: made.length, total_capped: false });
    const paged = [...first.body.tasks, ...second.body.tasks, ...last.body.tasks].map((t: Task) => t.task_id);
    expect(first.body.tasks).toHaveLength(3);
    expect(last.body.tasks).toHaveLength(1);
    expect(paged).toEqual(newestFirst(made));
  });

  test('filters by status and by task type, total over the filtered selection', async () => {
    const completed = await list('?status=completed&limit=1');
    expect(completed.status).toBe(200);
    expect(completed.body.total).toBe(made.filter((t) => t.status === 'completed').length);
    expect(completed.body.tasks).toHaveLength(1);
    expect(completed.body.tasks[0].status).toBe('completed');

    const exports = await list('?task_type=export');
    expect(exports.body.total).toBe(2);
    expect(exports.body.tasks.map((t: Task) => t.task_type)).toEqual(['export', 'export']);

    const both = await list('?task_type=export&status=failed');
    expect(both.body.total).toBe(1);
    expect(both.body.tasks[0]).toMatchObject({ task_type: 'export', status: 'failed' });

    const none = await list('?status=pending&task_type=export');
    expect(none.body).toEqual({ tasks: [], total: 0, total_capped: false });
  });

  test('limit 1 and 100 are accepted, an empty one means the default; unknown query parameters are ignored', async () => {
    expect((await list('?limit=1')).body.tasks).toHaveLength(1);
    expect((await list('?limit=&offset=')).body.tasks).toHaveLength(made.length);
    expect((await list('?limit=100')).body.tasks).toHaveLength(made.length);
    const extra = await list('?limit=2&sort=oldest&foo=bar');
    expect(extra.status).toBe(200);
    expect(extra.body.tasks.map((t: Task) => t.task_id)).toEqual(newestFirst(made).slice(0, 2));
  });

  test.each([
    ['?limit=0', 'query.limit'],
    ['?limit=101', 'query.limit'],
    ['?limit=-5', 'query.limit'],
    ['?limit=abc', 'query.limit'],
    ['?limit=2.5', 'query.limit'],
    ['?limit=%20', 'query.limit'],
    ['?limit=5&limit=500', 'query.limit'],
    ['?offset=-1', 'query.offset'],
    ['?offset=abc', 'query.offset'],
    ['?offset=1.5', 'query.offset'],
    ['?offset=1e400', 'query.offset'],
    ['?status=done', 'query.status'],
    ['?status=PENDING', 'query.status'],
    ['?task_type=no_such_type', 'query.task_type'],
  ])('%s answers 400 naming %s', async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(field);
  });

  test('without a token: 401', async () => {
    expect((await api(server).get('/api/v1/tasks')).status).toBe(401);
  });
});

describe('visibility', () => {
  let mine: Task;
  let theirs: Task;
  let shared: Task;
  let sharedUnowned: Task;
  beforeAll(async () => {
    mine = await makeTask(server.engine, { type: 'report', owner: server.user, status: 'running' });
    theirs = await makeTask(server.engine, { type: 'report', owner: server.user2, status: 'pending' });
    shared = await makeTask(server.engine, { type: 'company_sync', owner: server.user, status: 'running' });
    sharedUnowned = await makeTask(server.engine, { type: 'company_sync', owner: null, status: 'pending' });
  });

  const get = (who: TestUser, id: string) => api(server, who.token).get(`/api/v1/tasks/${id}`);
  const ids = async (who: TestUser, query = '?limit=100') => {
    const res = await api(server, who.token).get(`/api/v1/tasks${query}`);
    return { ids: res.body.tasks.map((t: Task) => t.task_id) as string[], total: res.body.total as number };
  };

  test("another user's task answers 404 with the very body of a missing one", async () => {
    const missing = await get(server.user2, MISSING_ID);
    const hidden = await get(server.user2, mine.task_id);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe(missing.text);
    expect(hidden.headers.get('content-type')).toBe(missing.headers.get('content-type'));
    expect(hidden.text).not.toContain(mine.task_id);
    expect((await get(server.user, mine.task_id)).status).toBe(200);
  });

  test('an admin sees every task', async () => {
    for (const t of [mine, theirs, shared, sharedUnowned]) expect((await get(server.admin, t.task_id)).status).toBe(200);
    const all = await ids(server.admin, '?limit=100');
    expect(all.ids).toEqual(expect.arrayContaining([mine.task_id, theirs.task_id, shared.task_id, sharedUnowned.task_id]));
    const stored = await server.engine.listTasks({ limit: 1, offset: 0 });
    expect(all.total).toBe(stored.total);
  });

  test("a manager sees tasks of shared types but not other users' private tasks", async () => {
    expect((await get(server.manager, shared.task_id)).status).toBe(200);
    expect((await get(server.manager, sharedUnowned.task_id)).status).toBe(200);
    expect((await get(server.manager, mine.task_id)).status).toBe(404);
    expect((await get(server.manager, theirs.task_id)).status).toBe(404);
    const seen = await ids(server.manager, '?limit=100');
    expect(seen.ids).toEqual(expect.arrayContaining([shared.task_id, sharedUnowned.task_id]));
    expect(seen.ids).not.toContain(mine.task_id);
    expect(seen.ids).not.toContain(theirs.task_id);
    expect(seen.total).toBe(seen.ids.length);
  });

  test('a plain user sees only their own tasks, shared types included only when they own them', async () => {
    expect((await get(server.user, shared.task_id)).status).toBe(200);
    expect((await get(server.user2, shared.task_id)).status).toBe(404);
    expect((await get(server.user2, sharedUnowned.task_id)).status).toBe(404);
    expect((await get(server.user, sharedUnowned.task_id)).status).toBe(404);

    const seen = await ids(server.user2, '?limit=100');
    expect(seen.ids).toContain(theirs.task_id);
    expect(seen.ids).not.toContain(mine.task_id);
    expect(seen.ids).not.toContain(shared.task_id);
    expect(seen.ids).not.toContain(sharedUnowned.task_id);
    expect(seen.total).toBe(seen.ids.length);
  });

  test('filters and totals count only visible tasks', async () => {
    const adminShared = await ids(server.admin, '?task_type=company_sync&limit=100');
    const user2Shared = await ids(server.user2, '?task_type=company_sync&limit=100');
    expect(adminShared.total).toBeGreaterThanOrEqual(2);
    expect(user2Shared).toEqual({ ids: [], total: 0 });
    const user2Pending = await ids(server.user2, '?status=pending&limit=1');
    const stored = await server.engine.listTasks({
      status: 'pending',
      visibility: { ownerId: server.user2.user.id, sharedTypes: [] },
      limit: 100,
      offset: 0,
    });
    expect(user2Pending.total).toBe(stored.total);
    expect(user2Pending.ids).toHaveLength(1);
  });
});
