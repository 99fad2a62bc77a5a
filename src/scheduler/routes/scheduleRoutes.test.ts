// The `/api/v1/schedules` routes (issue 12) against a real server on SQLite: roles, shapes, defaults, validation
// naming the field, edits, delete, run now and the preview; then, on PostgreSQL, a schedule created through the API
// firing once per tick.
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Feature } from '../../api/index.js';
import type { Json, Task, TaskEngine } from '../../engine/index.js';
import type { ServerFeatureDeps } from '../../server/index.js';
import type { PostgresStorage } from '../../store/index.js';
import type { Schedule } from '../../wire/index.js';
import { api, type ApiResponse } from '../../../test/support/http.js';
import { openTestPostgres, shouldRunPostgres } from '../../../test/support/postgres.js';
import { startTestServer, type TestServer, type TestUser } from '../../../test/support/testServer.js';
import { waitForTask } from '../../../test/support/wait.js';
import { schedulesFeature } from '../schedulerFeature.js';

/** The feature with a raised floor: 6-field expressions must run at most every 5 s. */
const schedulesWithFloor: Feature<ServerFeatureDeps> = {
  ...schedulesFeature,
  setup: (d) => schedulesFeature.setup({ ...d, scheduler: { minPeriodMs: 5000 } }),
};

// `report` is an admin's type; `sync_like` is shared (managers may schedule it) and checks a stored payload;
// `exclusive` is a singleton whose tasks run until cancelled.
const REPORT = 'report';
const SHARED = 'sync_like';
const SINGLETON = 'exclusive';

/** Runs until cancelled (or the server stops). */
const untilCancelled = (ctx: { signal: AbortSignal }): Promise<Json> =>
  new Promise((_, reject) => {
    const stop = () => reject(new Error('stopped: cancellation requested'));
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop, { once: true });
  });

function defineTypes(engine: TaskEngine): void {
  engine.defineTaskType({ type: REPORT, handler: () => Promise.resolve({ ok: true }) });
  engine.defineTaskType({
    type: SHARED,
    shared: true,
    handler: () => Promise.resolve(null),
    checkPayload(payload) {
      const days = (payload as { days?: unknown } | null)?.days;
      if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 366)) {
        throw new Error('days: must be an integer from 1 to 366');
      }
    },
  });
  engine.defineTaskType({ type: SINGLETON, singleton: true, handler: untilCancelled });
}

const MISSING_ID = '0190b2a4-0000-7000-8000-000000000000';
const HOUR = 3600_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ setup: defineTypes, features: [schedulesWithFloor] });
});
afterAll(() => server.close());

/** JSON requests as `who` (no token when null). */
function as(who: TestUser | null) {
  const client = api(server, who?.token);
  const send = (method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    client.request(path, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  return {
    get: (path: string) => client.get(path),
    post: (path: string, body?: unknown) => send('POST', path, body),
    patch: (path: string, body: unknown) => send('PATCH', path, body),
    delete: (path: string) => send('DELETE', path),
  };
}

const admin = () => as(server.admin);
const manager = () => as(server.manager);

/** A schedule created by `who` (201 expected); fields default to a weekday-morning report. */
async function create(fields: Record<string, unknown> = {}, who: TestUser = server.admin): Promise<Schedule> {
  const res = await as(who).post('/api/v1/schedules', { name: 'Отчёт', task_type: REPORT, cron: '0 6 * * 1-5', ...fields });
  expect(res.status, res.text).toBe(201);
  return res.body as Schedule;
}

/** A 400 on POST whose detail starts with `prefix`. */
async function refused(fields: Record<string, unknown>, prefix: string): Promise<string> {
  const res = await admin().post('/api/v1/schedules', { name: 'x', task_type: REPORT, cron: '0 * * * *', ...fields });
  expect(res.status, res.text).toBe(400);
  expect(res.body.detail).toMatch(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  return res.body.detail as string;
}

describe('GET /api/v1/schedules', () => {
  test('an admin sees every schedule, a manager only those of shared types; a user 403, no token 401', async () => {
    const own = await create({ name: 'Админский' });
    const shared = await create({ name: 'Общий', task_type: SHARED });
    const byManager = await create({ name: 'Менеджера', task_type: SHARED }, server.manager);

    const all = await admin().get('/api/v1/schedules');
    expect(all.status).toBe(200);
    expect(Object.keys(all.body)).toEqual(['items']);
    const allIds = (all.body.items as Schedule[]).map((s) => s.id);
    expect(allIds).toEqual(expect.arrayContaining([own.id, shared.id, byManager.id]));

    const mine = await manager().get('/api/v1/schedules');
    expect(mine.status).toBe(200);
    const items = mine.body.items as Schedule[];
    expect(items.map((s) => s.id)).toEqual(expect.arrayContaining([shared.id, byManager.id]));
    expect(items.map((s) => s.id)).not.toContain(own.id);
    expect(items.every((s) => s.task_type === SHARED)).toBe(true);

    expect((await as(server.user).get('/api/v1/schedules')).status).toBe(403);
    expect((await as(null).get('/api/v1/schedules')).status).toBe(401);
  });
});

describe('POST /api/v1/schedules', () => {
  test('201 with the schedule: next_run_at in the future on the cron grid, the description, the defaults', async () => {
    const before = Date.now();
    const s = await create({ name: 'Каждый час', cron: '0 * * * *', payload: { n: 1 } });
    expect(s).toMatchObject({
      name: 'Каждый час',
      task_type: REPORT,
      payload: { n: 1 },
      cron: '0 * * * *',
      timezone: 'UTC',
      enabled: true,
      missed: 'skip',
      missed_cap: 10,
      overlap: 'skip',
      last_run_at: null,
      last_task_id: null,
      last_task_status: null,
      queued_for: null,
      last_error: null,
      skipped_count: 0,
      description: 'каждый час в 00 минут',
      created_by: server.admin.user.id,
      version: 1,
    });
    expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const next = Date.parse(s.next_run_at!);
    expect(next).toBeGreaterThan(before);
    expect(next).toBeLessThanOrEqual(before + HOUR + 1000);
    expect(next % HOUR).toBe(0);
    expect(s.next_run_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
    expect(Date.parse(s.created_at)).not.toBeNaN();
  });

  test('payload defaults to null; the weekday preset is described; the zone shifts the grid', async () => {
    const s = await create({ cron: '0 6 * * 1-5', timezone: 'Europe/Moscow' });
    expect(s.payload).toBeNull();
    expect(s.description).toBe('по будням в 06:00');
    // 06:00 in Moscow (+03:00 all year) is 03:00 UTC, on a weekday.
    const next = new Date(s.next_run_at!);
    expect(next.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(next.toISOString()).toMatch(/T03:00:00\.000Z$/);
    expect([1, 2, 3, 4, 5]).toContain(next.getUTCDay());
  });

  test('the time zone is stored under its canonical name', async () => {
    const s = await create({ timezone: 'europe/moscow' });
    expect(s.timezone).toBe('Europe/Moscow');
  });

  test('created disabled: no next_run_at; policies as given', async () => {
    const s = await create({ enabled: false, missed: 'all', missed_cap: 100, overlap: 'queue' });
    expect(s).toMatchObject({ enabled: false, next_run_at: null, missed: 'all', missed_cap: 100, overlap: 'queue' });
  });

  test('400 naming the field: a bad expression, 7 fields, croner extensions', async () => {
    await refused({ cron: 'every hour' }, 'body.cron: ');
    await refused({ cron: '61 * * * *' }, 'body.cron: ');
    await refused({ cron: '' }, 'body.cron: ');
    await refused({ cron: '* * * *' }, 'body.cron: ');
    expect(await refused({ cron: '0 0 0 * * * 2030' }, 'body.cron: ')).toMatch(/got 7$/);
    expect(await refused({ cron: '0 0 L * *' }, 'body.cron: ')).toContain('"L"');
    expect(await refused({ cron: '0 0 ? * *' }, 'body.cron: ')).toContain('"?"');
    expect(await refused({ cron: '0 0 * * 1#2' }, 'body.cron: ')).toContain('"1#2"');
    expect(await refused({ cron: '@hourly' }, 'body.cron: ')).toMatch(/got 1$/);
    expect(await refused({ cron: 5 }, 'body.cron: ')).toBe('body.cron: must be a string');
    await refused({ cron: undefined }, 'body.cron: ');
  });

  test('400 naming the field: zone, task type, unknown field, policies, missed_cap, name', async () => {
    expect(await refused({ timezone: 'Mars/Olympus_Mons' }, 'body.timezone: ')).toBe(
      'body.timezone: unknown IANA time zone "Mars/Olympus_Mons"',
    );
    await refused({ timezone: '' }, 'body.timezone: ');
    expect(await refused({ task_type: 'no_such_type' }, 'body.task_type: ')).toBe('body.task_type: unknown task type "no_such_type"');
    expect(await refused({ colour: 'red' }, 'body: unknown field')).toBe('body: unknown field "colour"');
    await refused({ next_run_at: new Date().toISOString() }, 'body: unknown field');
    expect(await refused({ missed: 'sometimes' }, 'body.missed: ')).toBe('body.missed: must be one of skip, once, all');
    expect(await refused({ overlap: 'never' }, 'body.overlap: ')).toBe('body.overlap: must be one of skip, queue, allow');
    expect(await refused({ missed_cap: 0 }, 'body.missed_cap: ')).toBe('body.missed_cap: must be from 1 to 100');
    await refused({ missed_cap: 101 }, 'body.missed_cap: ');
    await refused({ missed_cap: 2.5 }, 'body.missed_cap: ');
    await refused({ enabled: 'yes' }, 'body.enabled: ');
    await refused({ name: '   ' }, 'body.name: ');
    await refused({ name: undefined }, 'body.name: ');
  });

  test("a payload the task type's check refuses → 400 body.payload.<field>", async () => {
    const res = await admin().post('/api/v1/schedules', { name: 'x', task_type: SHARED, cron: '0 * * * *', payload: { days: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('body.payload.days: must be an integer from 1 to 366');
    await create({ task_type: SHARED, payload: { days: 31 } });
  });

  test('a 6-field expression under the configured floor (5 s) → 400 on cron; at the floor it is taken', async () => {
    expect(await refused({ cron: '*/2 * * * * *' }, 'body.cron: ')).toBe('body.cron: runs every 2000 ms, more often than once per 5000 ms');
    await refused({ cron: '* * * * * *' }, 'body.cron: ');
    const s = await create({ cron: '*/5 * * * * *', enabled: false });
    expect(s.cron).toBe('*/5 * * * * *');
  });

  test('a manager may schedule a shared type only (403 otherwise); a user none', async () => {
    const res = await manager().post('/api/v1/schedules', { name: 'x', task_type: REPORT, cron: '0 * * * *' });
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain(SHARED);
    const s = await create({ task_type: SHARED }, server.manager);
    expect(s.created_by).toBe(server.manager.user.id);
    const user = await as(server.user).post('/api/v1/schedules', { name: 'x', task_type: SHARED, cron: '0 * * * *' });
    expect(user.status).toBe(403);
    expect((await as(null).post('/api/v1/schedules', { name: 'x', task_type: SHARED, cron: '0 * * * *' })).status).toBe(401);
  });

  test('an unknown task type is a 400 on task_type for a manager too, not a 403', async () => {
    const res = await manager().post('/api/v1/schedules', { name: 'x', task_type: 'no_such_type', cron: '0 * * * *' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('body.task_type: unknown task type "no_such_type"');
  });
});

describe('GET, PATCH, DELETE /api/v1/schedules/{id}', () => {
  test('GET by id returns the schedule; a missing, non-UUID or not-manageable one is 404', async () => {
    const s = await create();
    const got = await admin().get(`/api/v1/schedules/${s.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(s);
    expect((await admin().get(`/api/v1/schedules/${s.id.toUpperCase()}`)).body.id).toBe(s.id);

    const missing = await admin().get(`/api/v1/schedules/${MISSING_ID}`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Schedule not found');
    expect((await admin().get('/api/v1/schedules/not-a-uuid')).status).toBe(404);
    expect((await admin().patch('/api/v1/schedules/not-a-uuid', { name: 'y' })).status).toBe(404);
    expect((await admin().delete('/api/v1/schedules/12345')).status).toBe(404);
    expect((await admin().post('/api/v1/schedules/not-a-uuid/run')).status).toBe(404);

    // An admin's report schedule is invisible to a manager: the same 404 as a missing one.
    const hidden = await manager().get(`/api/v1/schedules/${s.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe((await manager().get(`/api/v1/schedules/${MISSING_ID}`)).text);
    expect((await manager().patch(`/api/v1/schedules/${s.id}`, { enabled: false })).status).toBe(404);
    expect((await manager().delete(`/api/v1/schedules/${s.id}`)).status).toBe(404);
    expect((await manager().post(`/api/v1/schedules/${s.id}/run`)).status).toBe(404);
    expect((await admin().get(`/api/v1/schedules/${s.id}`)).body).toMatchObject({ enabled: true, version: 1 });

    expect((await as(server.user).get(`/api/v1/schedules/${s.id}`)).status).toBe(403);
    expect((await as(null).get(`/api/v1/schedules/${s.id}`)).status).toBe(401);
  });

  test('PATCH: disable clears next_run_at, enable sets it again, a new cron moves it, the version goes up', async () => {
    const s = await create({ cron: '0 * * * *' });
    const path = `/api/v1/schedules/${s.id}`;

    const off = await admin().patch(path, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: s.id, enabled: false, next_run_at: null, version: 2 });

    const before = Date.now();
    const on = await admin().patch(path, { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, version: 3 });
    expect(Date.parse(on.body.next_run_at)).toBeGreaterThan(before);
    expect(Date.parse(on.body.next_run_at) % HOUR).toBe(0);

    const recron = await admin().patch(path, { cron: '30 2 * * *', timezone: 'Europe/Moscow' });
    expect(recron.body).toMatchObject({ cron: '30 2 * * *', timezone: 'Europe/Moscow', description: 'каждый день в 02:30', version: 4 });
    expect(recron.body.next_run_at).toMatch(/T23:30:00\.000Z$/); // 02:30 in Moscow
    expect(Date.parse(recron.body.next_run_at)).toBeGreaterThan(before);

    const renamed = await admin().patch(path, { name: 'Новое имя' });
    expect(renamed.body).toMatchObject({ name: 'Новое имя', next_run_at: recron.body.next_run_at, version: 5 });
    expect((await admin().get(path)).body).toEqual(renamed.body);
  });

  test('PATCH validates like POST and writes nothing on a 400', async () => {
    const s = await create({ task_type: SHARED });
    const path = `/api/v1/schedules/${s.id}`;
    const cases: [Record<string, unknown>, string][] = [
      [{ cron: '0 0 L * *' }, 'body.cron: '],
      [{ cron: '*/2 * * * * *' }, 'body.cron: '],
      [{ timezone: 'Nowhere/Land' }, 'body.timezone: '],
      [{ task_type: 'no_such_type' }, 'body.task_type: '],
      [{ payload: { days: 1000 } }, 'body.payload.days: '],
      [{ missed: 'maybe' }, 'body.missed: '],
      [{ id: MISSING_ID }, 'body: unknown field'],
    ];
    for (const [patch, prefix] of cases) {
      const res = await admin().patch(path, patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.detail.startsWith(prefix), res.body.detail).toBe(true);
    }
    expect((await admin().get(path)).body).toEqual(s);
  });

  test("a manager edits a shared type's schedule but may not move it to another type (403)", async () => {
    const s = await create({ task_type: SHARED }, server.manager);
    const path = `/api/v1/schedules/${s.id}`;
    expect((await manager().patch(path, { overlap: 'allow' })).body).toMatchObject({ overlap: 'allow', version: 2 });
    expect((await manager().patch(path, { task_type: REPORT })).status).toBe(403);
    expect((await admin().get(path)).body.task_type).toBe(SHARED);
  });

  test('DELETE → 204, then GET and DELETE are 404', async () => {
    const s = await create();
    const path = `/api/v1/schedules/${s.id}`;
    const del = await admin().delete(path);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await admin().get(path)).status).toBe(404);
    expect((await admin().delete(path)).status).toBe(404);
    expect((await admin().patch(path, { name: 'z' })).status).toBe(404);
    const list = (await admin().get('/api/v1/schedules')).body.items as Schedule[];
    expect(list.map((x) => x.id)).not.toContain(s.id);
  });
});

describe('POST /api/v1/schedules/{id}/run', () => {
  test('202 {task_id}: the task carries the schedule and manual: true, and becomes last_task_id', async () => {
    const s = await create({ task_type: SHARED, payload: { days: 7 } }, server.manager);
    const res = await manager().post(`/api/v1/schedules/${s.id}/run`);
    expect(res.status).toBe(202);
    expect(Object.keys(res.body)).toEqual(['task_id']);
    const task = (await server.engine.getTask(res.body.task_id))!;
    expect(task).toMatchObject({ task_type: SHARED, user_id: server.manager.user.id });
    expect(task.metadata).toMatchObject({ schedule_id: s.id, manual: true });
    expect(Date.parse(task.metadata.scheduled_for as string)).not.toBeNaN();
    const row = (await admin().get(`/api/v1/schedules/${s.id}`)).body as Schedule;
    expect(row.last_task_id).toBe(res.body.task_id);
    expect(row.last_task_status).not.toBeNull();
    // Run now is outside the cron: the next tick stays where it was.
    expect(row.next_run_at).toBe(s.next_run_at);
  });

  test('a run of a singleton type while one is active → 409 with the active task', async () => {
    const s = await create({ task_type: SINGLETON });
    const path = `/api/v1/schedules/${s.id}/run`;
    const first = await admin().post(path);
    expect(first.status).toBe(202);
    const second = await admin().post(path);
    expect(second.status).toBe(409);
    expect(second.body.task_id).toBe(first.body.task_id);
    expect((await admin().get(`/api/v1/schedules/${s.id}`)).body.last_task_id).toBe(first.body.task_id);
    await server.engine.cancelTask(first.body.task_id as string);
    await waitForTask(server.engine, first.body.task_id as string, (t) => t.status === 'cancelled');
  });
});

describe('GET /api/v1/schedules/preview', () => {
  test('5 runs with their offset, an hour apart, and the description', async () => {
    const before = Date.now();
    const res = await manager().get('/api/v1/schedules/preview?cron=0%20*%20*%20*%20*&timezone=Europe/Moscow');
    expect(res.status).toBe(200);
    expect(res.body.description).toBe('каждый час в 00 минут');
    const runs = res.body.runs as string[];
    expect(runs).toHaveLength(5);
    for (const run of runs) expect(run).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\+03:00$/);
    const times = runs.map((r) => Date.parse(r));
    expect(times[0]).toBeGreaterThan(before);
    expect(times[0]).toBeLessThanOrEqual(before + HOUR + 1000);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(HOUR);
  });

  test('the zone defaults to UTC; the weekday preset', async () => {
    const res = await admin().get('/api/v1/schedules/preview?cron=0%206%20*%20*%201-5');
    expect(res.status).toBe(200);
    expect(res.body.description).toBe('по будням в 06:00');
    for (const run of res.body.runs as string[]) expect(run).toMatch(/T06:00:00(Z|\+00:00)$/);
  });

  test('400 query.cron for a bad or missing expression, query.timezone for an unknown zone; a user 403', async () => {
    const bad = await admin().get('/api/v1/schedules/preview?cron=0%200%20L%20*%20*');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/^query\.cron: /);
    const zone = await admin().get('/api/v1/schedules/preview?cron=0%20*%20*%20*%20*&timezone=Mars/Base');
    expect(zone.status).toBe(400);
    expect(zone.body.detail).toMatch(/^query\.timezone: /);
    const missing = await admin().get('/api/v1/schedules/preview');
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/^query\.cron: /);
    const floor = await admin().get('/api/v1/schedules/preview?cron=*%2F2%20*%20*%20*%20*%20*');
    expect(floor.status).toBe(400);
    expect(floor.body.detail).toMatch(/^query\.cron: /);
    expect((await as(server.user).get('/api/v1/schedules/preview?cron=0%20*%20*%20*%20*')).status).toBe(403);
  });
});

describe.runIf(await shouldRunPostgres())('on PostgreSQL', () => {
  let pgServer: TestServer | undefined;
  let storage: (PostgresStorage & { drop(): Promise<void> }) | undefined;
  afterEach(async () => {
    await pgServer?.close();
    await storage?.drop();
  });

  test('a schedule created through the API fires one task per second, on whole seconds, none twice', async () => {
    storage = await openTestPostgres();
    pgServer = await startTestServer({
      storage,
      setup: (engine) => engine.defineTaskType({ type: 'tick', handler: () => Promise.resolve(null) }),
      features: [schedulesFeature as Feature<ServerFeatureDeps>],
    });
    const client = api(pgServer, pgServer.admin.token);
    // `missed: all` and `overlap: allow`: a pass that wakes late or meets a running task still fires every tick,
    // so the ticks fired must be exactly consecutive seconds.
    const created = await client.post('/api/v1/schedules', {
      name: 'Каждую секунду',
      task_type: 'tick',
      cron: '* * * * * *',
      missed: 'all',
      overlap: 'allow',
    });
    expect(created.status, created.text).toBe(201);
    const s = created.body as Schedule;
    expect(s.next_run_at).toMatch(/\.000Z$/);

    const engine = pgServer.engine;
    const ticks = async (): Promise<Task[]> => (await engine.listTasks({ taskType: 'tick', limit: 100, offset: 0 })).tasks;
    await vi.waitFor(async () => expect((await ticks()).length).toBeGreaterThanOrEqual(4), { timeout: 15_000, interval: 100 });
    const off = await client.request(`/api/v1/schedules/${s.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(off.status).toBe(200);

    const tasks = await ticks();
    for (const t of tasks) {
      expect(t.metadata.schedule_id).toBe(s.id);
      expect(t.metadata.scheduled_for).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      expect(t.metadata).not.toHaveProperty('manual');
    }
    const times = tasks.map((t) => Date.parse(t.metadata.scheduled_for as string)).sort((a, b) => a - b);
    expect(new Set(times).size).toBe(times.length);
    expect(times[0]).toBe(Date.parse(s.next_run_at!));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(1000);
    const row = (await client.get(`/api/v1/schedules/${s.id}`)).body as Schedule;
    expect(row).toMatchObject({ enabled: false, next_run_at: null, last_run_at: new Date(times.at(-1)!).toISOString() });
    expect(tasks.map((t) => t.task_id)).toContain(row.last_task_id);
  });
});
