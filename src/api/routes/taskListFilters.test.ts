// GET /api/v1/tasks's filters of issue 16 (who started it, created between, search by id) and the parameters a
// task type shows (metadata.params from its payload), over real HTTP on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Json, Task } from '../../engine/index.js';
import { TASK_LIST_COUNT_CAP } from '../../wire/index.js';
import type { Storage } from '../../store/index.js';
import { api } from '../../../test/support/http.js';
import { openTestPostgres, shouldRunPostgres } from '../../../test/support/postgres.js';
import { addUser } from '../../../test/support/tasks.js';
import { startTestServer, type TestServer, type TestUser } from '../../../test/support/testServer.js';

/** A payload field no answer may carry. */
const SECRET = 'payload-secret-7f3a';

/** Resolves once the clock has passed `ms`. */
const clockPast = (ms: number) => vi.waitFor(() => expect(Date.now()).toBeGreaterThan(ms), { interval: 2 });

const backends: [string, () => Promise<(Storage & { drop(): Promise<void> }) | undefined>][] = [
  ['SQLite', async () => undefined],
  ...((await shouldRunPostgres())
    ? [['PostgreSQL', openTestPostgres] as [string, () => Promise<Storage & { drop(): Promise<void> }>]]
    : []),
];

describe.each(backends)('GET /api/v1/tasks filters on %s', (_name, openStorage) => {
  let server: TestServer;
  let storage: (Storage & { drop(): Promise<void> }) | undefined;
  let alice: TestUser;
  let bob: TestUser;
  /** Alice's 'report' tasks, oldest first, and the moment between the second and the third. */
  const reports: Task[] = [];
  let middle: Date;
  let bobsShared: Task;

  beforeAll(async () => {
    storage = await openStorage();
    server = await startTestServer({
      storage,
      engine: { runTasks: false },
      setup(engine) {
        engine.defineTaskType({ type: 'report', handler: () => null });
        engine.defineTaskType({
          type: 'shared_sync',
          shared: true,
          handler: () => null,
          publicParams: (payload) => {
            const p = payload as { date_from?: Json; date_to?: Json } | null;
            if (typeof p?.date_from !== 'string') throw new Error('date_from: missing');
            return { date_from: p.date_from, date_to: p.date_to ?? null };
          },
        });
      },
    });
    alice = await addUser(server, 'user', 'alice');
    bob = await addUser(server, 'user', 'bob');
    for (let i = 0; i < 4; i++) {
      // Each in a millisecond of its own (stored times are whole ms), so a bound can fall between any two.
      if (i > 0) await clockPast(Date.parse(reports[i - 1]!.created_at));
      reports.push(await server.engine.enqueue('report', { user_id: alice.user.id }));
      if (i === 1) {
        // Stored times are whole ms: the cut lies strictly between the second task and the third.
        const last = Date.parse(reports[1]!.created_at);
        await clockPast(last + 1);
        middle = new Date();
        await clockPast(middle.getTime() + 1);
      }
    }
    await server.engine.enqueue('report', { user_id: bob.user.id });
    bobsShared = await server.engine.enqueue('shared_sync', {
      user_id: bob.user.id,
      payload: { date_from: '2025-01-01', date_to: '2025-12-31', secret: SECRET },
    });
  });
  afterAll(async () => {
    await server.close();
    await storage?.drop();
  });

  const list = (who: TestUser, query: string) => api(server, who.token).get(`/api/v1/tasks${query}`);
  const ids = (tasks: Task[]) => tasks.map((t) => t.task_id);

  test('created_from (inclusive) and created_to (exclusive) cut the list; total counts the cut', async () => {
    const at = encodeURIComponent(middle.toISOString());
    const later = await list(alice, `?created_from=${at}`);
    expect(later.status, later.text).toBe(200);
    expect(later.body.total).toBe(2);
    expect(ids(later.body.tasks)).toEqual(ids(reports.slice(2).reverse()));
    const earlier = await list(alice, `?created_to=${at}`);
    expect(ids(earlier.body.tasks)).toEqual(ids(reports.slice(0, 2).reverse()));
    // Any zone: the same instant written in Moscow time.
    const moscow = new Date(middle.getTime() + 3 * 3600_000).toISOString().replace('Z', '+03:00');
    expect((await list(alice, `?created_to=${encodeURIComponent(moscow)}`)).body.total).toBe(2);
    const both = await list(alice, `?created_from=${encodeURIComponent(reports[1]!.created_at)}&created_to=${at}&limit=1`);
    expect(both.body).toMatchObject({ total: 1, tasks: [{ task_id: reports[1]!.task_id }] });
  });

  test('user_id narrows to who started it; a user still sees only their own', async () => {
    const admins = await list(server.admin, `?user_id=${bob.user.id}`);
    expect(admins.body.total).toBe(2);
    expect(admins.body.tasks.every((t: Task) => t.user_id === bob.user.id)).toBe(true);
    // A manager sees Bob's shared sync, not his report.
    const managers = await list(server.manager, `?user_id=${bob.user.id}`);
    expect(ids(managers.body.tasks)).toEqual([bobsShared.task_id]);
    // Alice asking for Bob's tasks gets none of them.
    expect((await list(alice, `?user_id=${bob.user.id}`)).body).toEqual({ tasks: [], total: 0, total_capped: false });
  });

  test('task_id finds the one task, in any case, only for whoever may see it', async () => {
    const id = reports[2]!.task_id;
    const found = await list(alice, `?task_id=${id.toUpperCase()}`);
    expect(found.body).toMatchObject({ total: 1, tasks: [{ task_id: id }] });
    expect((await list(server.admin, `?task_id=${id}`)).body.total).toBe(1);
    expect((await list(bob, `?task_id=${id}`)).body).toEqual({ tasks: [], total: 0, total_capped: false });
  });

  test('a type with publicParams shows them in metadata.params, never the payload', async () => {
    const listed = await list(server.manager, `?task_type=shared_sync`);
    expect(listed.body.tasks[0].metadata).toEqual({ params: { date_from: '2025-01-01', date_to: '2025-12-31' } });
    const details = await api(server, server.manager.token).get(`/api/v1/tasks/${bobsShared.task_id}`);
    expect(details.body.metadata.params).toEqual({ date_from: '2025-01-01', date_to: '2025-12-31' });
    expect(listed.text + details.text).not.toContain(SECRET);
    // A type without publicParams, and a payload the type cannot read, show none.
    expect((await list(alice, `?task_id=${reports[0]!.task_id}`)).body.tasks[0].metadata).toEqual({});
    const unreadable = await server.engine.enqueue('shared_sync', { user_id: bob.user.id, payload: { wrong: true } });
    expect(unreadable.metadata).toEqual({});
    // The caller's own metadata stays beside the params.
    const scheduled = await server.engine.enqueue('shared_sync', { payload: { date_from: '2026-01-01' }, metadata: { schedule_id: 's1' } });
    expect(scheduled.metadata).toEqual({ schedule_id: 's1', params: { date_from: '2026-01-01', date_to: null } });
  });

  test('order=created_asc lists oldest first, with the filters, a manager’s merged view and an offset', async () => {
    const asc = await list(alice, '?order=created_asc');
    expect(asc.status, asc.text).toBe(200);
    expect(ids(asc.body.tasks)).toEqual(ids(reports));
    expect(ids((await list(alice, '?order=created_desc')).body.tasks)).toEqual(ids(reports.slice().reverse()));
    const at = encodeURIComponent(middle.toISOString());
    const later = await list(alice, `?order=created_asc&created_from=${at}&limit=1&offset=1`);
    expect(later.body).toMatchObject({ total: 2, tasks: [{ task_id: reports[3]!.task_id }] });
    // A manager: own tasks (none) merged with the shared type's, oldest first.
    const managers = await list(server.manager, '?order=created_asc&task_type=shared_sync&limit=1');
    expect(ids(managers.body.tasks)).toEqual([bobsShared.task_id]);
  });

  test('order=status lists by status, newest first within one; a manager’s view and the filters apply', async () => {
    const byStatus = await list(alice, '?order=status');
    expect(byStatus.status, byStatus.text).toBe(200);
    // Alice's tasks are all pending (nothing runs here): one status, newest first (conformance has the mixed cases).
    expect(byStatus.body).toMatchObject({ total: 4, total_capped: false });
    expect(ids(byStatus.body.tasks)).toEqual(ids(reports.slice().reverse()));
    expect((await list(alice, '?order=status&status=pending&limit=2&offset=1')).body).toMatchObject({
      total: 4,
      tasks: [{ task_id: reports[2]!.task_id }, { task_id: reports[1]!.task_id }],
    });
    const managers = await list(server.manager, '?order=status');
    expect(managers.status).toBe(200);
    expect(managers.body.tasks.length).toBeGreaterThan(0);
    expect(managers.body.tasks.every((t: Task) => t.task_type === 'shared_sync')).toBe(true);
  });

  test('a manager’s page far past the end (offset near 2^31) is empty, not a 500', async () => {
    // The manager's list merges index walks each cut at offset + limit: that sum must not overflow 32 bits.
    const res = await list(server.manager, '?offset=2147483645');
    expect(res.status, res.text).toBe(200);
    expect(res.body.tasks).toEqual([]);
  });

  test('total counts up to TASK_LIST_COUNT_CAP past the offset and says when it stopped (total_capped)', async () => {
    const carol = await addUser(server, 'user', 'carol');
    const many = TASK_LIST_COUNT_CAP + 5;
    for (let i = 0; i < many; i += 500) {
      await server.engine.enqueueMany(
        'report',
        Array.from({ length: Math.min(500, many - i) }, () => ({ user_id: carol.user.id })),
      );
    }
    const first = await list(carol, '?limit=20');
    expect(first.body).toMatchObject({ total: TASK_LIST_COUNT_CAP, total_capped: true });
    expect(first.body.tasks).toHaveLength(20);
    // A deeper page counts on from its offset: the pager always has a next page until the end is in reach.
    expect((await list(carol, '?limit=20&offset=4')).body).toMatchObject({ total: 4 + TASK_LIST_COUNT_CAP, total_capped: true });
    const last = await list(carol, `?limit=20&offset=${many - 3}`);
    expect(last.body).toMatchObject({ total: many, total_capped: false });
    expect(last.body.tasks).toHaveLength(3);
    // The admin's view of the same tasks (filtered by who started them) is capped the same way; Alice sees none.
    expect((await list(server.admin, `?user_id=${carol.user.id}`)).body).toMatchObject({ total: TASK_LIST_COUNT_CAP, total_capped: true });
    expect((await list(alice, `?user_id=${carol.user.id}`)).body).toEqual({ tasks: [], total: 0, total_capped: false });
  });

  test.each([
    ['?created_from=yesterday', 'query.created_from'],
    ['?created_from=2026-12-01', 'query.created_from'],
    ['?created_to=2026-12-01T00:00:00', 'query.created_to'],
    ['?created_from=2026-12-02T00:00:00Z&created_to=2026-12-01T00:00:00Z', 'query.created_from: must not be after created_to'],
    ['?user_id=0', 'query.user_id'],
    ['?user_id=abc', 'query.user_id'],
    ['?user_id=99999999999', 'query.user_id'],
    ['?task_id=12345', 'query.task_id'],
    ['?task_id=0190b2a4-0000-7000-8000', 'query.task_id'],
    ['?order=newest', 'query.order: must be one of created_desc, created_asc, status'],
    ['?order=STATUS', 'query.order'],
    ['?order=CREATED_ASC', 'query.order'],
  ])('%s answers 400 naming %s', async (query, detail) => {
    const res = await list(alice, query);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
  });
});
