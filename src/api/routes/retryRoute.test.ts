import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Task, TaskDetails } from '../../engine/index.js';
import { api } from '../../../test/support/http.js';
import { makeTask, runningHeldTask, type FixtureStatus } from '../../../test/support/tasks.js';
import { heldTaskType } from '../../../test/support/taskTypes.js';
import { startTestServer, type TestServer, type TestUser } from '../../../test/support/testServer.js';
import { waitForFinal, waitForTask } from '../../../test/support/wait.js';

// Runs tasks: `job` and the shared `company_job` wait until released or cancelled. Tasks of the
// unregistered type `manual` stay where the test puts them (no runner claims them), so a retried one stays
// pending. `report` and `export` are registered so the bulk retry has known types to name; `export` fails at
// once. Bulk retries spread their starts at the default rate (20 per second): a few tasks are due within a moment.
const job = heldTaskType('job');
const companyJob = heldTaskType('company_job');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    setup(engine) {
      job.define(engine);
      companyJob.define(engine, { shared: true });
      engine.defineTaskType({ type: 'export', handler: () => Promise.reject(new Error('export broke')) });
    },
  });
});
afterAll(() => server.close());

const MISSING_ID = '0190b2a4-0000-7000-8000-000000000000';
const retry = (who: TestUser, id: string) => api(server, who.token).post(`/api/v1/tasks/${id}/retry`);
const retryMany = (query: string, who: TestUser = server.admin) => api(server, who.token).post(`/api/v1/tasks/retry${query}`);
const details = async (id: string, who: TestUser = server.user): Promise<TaskDetails> => {
  const res = await api(server, who.token).get(`/api/v1/tasks/${id}`);
  expect(res.status).toBe(200);
  return res.body as TaskDetails;
};

/** A task of a held type, running in the runner. */
const runningTask = (type = job, owner = server.user): Promise<Task> => runningHeldTask(server.engine, type, owner);

describe('GET /api/v1/tasks/{task_id} with attempts', () => {
  test('a task that never ran has run_at and no attempts', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const body = await details(task.task_id);
    expect(body).toMatchObject({ task_id: task.task_id, status: 'pending', attempt: 0, attempts: [] });
    expect(Date.parse(body.run_at)).not.toBeNaN();
  });

  test('a running task shows its attempt running; a failed one shows how it ended', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'running' });
    const running = await details(task.task_id);
    expect(running.attempts).toEqual([
      { attempt: 1, started_at: expect.any(String), finished_at: null, outcome: 'running', error: null, node: expect.any(String) },
    ]);
    await server.engine.failTask(task.task_id, 'disk full');
    const failed = await details(task.task_id);
    expect(failed.attempts).toEqual([
      {
        attempt: 1,
        started_at: expect.any(String),
        finished_at: expect.any(String),
        outcome: 'failed',
        error: 'disk full',
        node: expect.any(String),
      },
    ]);
    // Engine-only fields stay inside here too.
    for (const hidden of ['payload', 'checkpoint', 'lease_owner', 'lease_expires_at', 'attempt_log', 'backoff']) {
      expect(failed).not.toHaveProperty(hidden);
    }
  });

  test("another user's task answers the same 404 as a missing one", async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'failed' });
    const missing = await api(server, server.user2.token).get(`/api/v1/tasks/${MISSING_ID}`);
    const hidden = await api(server, server.user2.token).get(`/api/v1/tasks/${task.task_id}`);
    expect(missing.status).toBe(404);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe(missing.text);
    expect((await api(server, server.admin.token).get(`/api/v1/tasks/${task.task_id.toUpperCase()}`)).status).toBe(200);
  });
});

describe('POST /api/v1/tasks/{task_id}/retry', () => {
  test('a failed task goes back to pending as its next attempt, and keeps its attempt history', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'failed' });
    const res = await retry(server.user, task.task_id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ task_id: task.task_id, status: 'pending', attempt: 1, cancel_requested: false, completed_at: null });
    expect(res.body.max_attempts).toBeGreaterThanOrEqual(2);
    expect(res.body.seq).toBeGreaterThan(task.seq);
    expect(Date.parse(res.body.run_at)).toBeLessThanOrEqual(Date.now() + 1000);

    const after = await details(task.task_id);
    expect(after).toMatchObject({ status: 'pending', attempt: 1 });
    expect(after.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'failed', error: 'something broke' })]);

    // The second attempt runs and fails too: both are listed, oldest first.
    await server.engine.startTask(task.task_id);
    await server.engine.failTask(task.task_id, 'broke again');
    const twice = await details(task.task_id);
    expect(twice).toMatchObject({ status: 'failed', attempt: 2, error: 'broke again' });
    expect(twice.attempts.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [1, 'failed', 'something broke'],
      [2, 'failed', 'broke again'],
    ]);
  });

  test('a cancelled task goes back to pending', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'cancelled' });
    const res = await retry(server.user, task.task_id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ task_id: task.task_id, status: 'pending', cancel_requested: false });
  });

  test('a retried task of a registered type runs again', async () => {
    const first = await runningTask();
    await api(server, server.user.token).post(`/api/v1/tasks/${first.task_id}/cancel`);
    expect((await waitForFinal(server.engine, first.task_id)).status).toBe('cancelled');
    expect((await retry(server.user, first.task_id)).status).toBe(200);
    await waitForTask(server.engine, first.task_id, (t) => t.status === 'running' && t.attempt === 2);
    job.release(first.task_id, { second: true });
    expect(await waitForFinal(server.engine, first.task_id)).toMatchObject({ status: 'completed', result: { second: true } });
    const body = await details(first.task_id);
    expect(body.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'cancelled'],
      [2, 'completed'],
    ]);
  });

  test.each(['pending', 'running', 'completed'] as FixtureStatus[])(
    'a %s task answers 409 with a detail, and stays as it was',
    async (status) => {
      const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status });
      const before = (await server.engine.getTask(task.task_id))!;
      const res = await retry(server.user, task.task_id);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ detail: expect.stringContaining('only failed or cancelled tasks can be retried') });
      expect(res.body.detail).toContain(status);
      const after = (await server.engine.getTask(task.task_id))!;
      expect(after).toMatchObject({ status, attempt: before.attempt, seq: before.seq });
    },
  );

  test("another user's task answers 404 exactly like a missing one, and is not retried", async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'failed' });
    const missing = await retry(server.user2, MISSING_ID);
    const hidden = await retry(server.user2, task.task_id);
    const notUuid = await retry(server.user2, 'not-a-task');
    expect(missing.status).toBe(404);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe(missing.text);
    expect(notUuid.text).toBe(missing.text);
    // A manager may not retry a private task of someone else either.
    expect((await retry(server.manager, task.task_id)).text).toBe(missing.text);
    expect((await server.engine.getTask(task.task_id))!.status).toBe('failed');
  });

  test("an admin retries any user's task; a manager a shared one", async () => {
    const own = await makeTask(server.engine, { type: 'manual', owner: server.user2, status: 'failed' });
    expect((await retry(server.admin, own.task_id)).body.status).toBe('pending');

    const shared = await runningTask(companyJob, server.user);
    await server.engine.cancelTask(shared.task_id);
    expect((await waitForFinal(server.engine, shared.task_id)).status).toBe('cancelled');
    expect((await retry(server.user2, shared.task_id)).status).toBe(404);
    expect((await retry(server.manager, shared.task_id)).status).toBe(200);
    await waitForTask(server.engine, shared.task_id, (t) => t.status === 'running' && t.attempt === 2);
    companyJob.release(shared.task_id);
    expect((await waitForFinal(server.engine, shared.task_id)).status).toBe('completed');
  });

  test('without a token: 401, and nothing is retried', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'failed' });
    expect((await api(server).post(`/api/v1/tasks/${task.task_id}/retry`)).status).toBe(401);
    expect((await server.engine.getTask(task.task_id))!.status).toBe('failed');
  });
});

describe('POST /api/v1/tasks/retry (bulk)', () => {
  /** `n` tasks of `export` (a registered type that fails at once), failed by running. */
  async function failedExports(n: number): Promise<Task[]> {
    const tasks = await server.engine.enqueueMany(
      'export',
      Array.from({ length: n }, () => ({ user_id: server.user.user.id })),
    );
    for (const t of tasks) expect((await waitForFinal(server.engine, t.task_id)).status).toBe('failed');
    return tasks;
  }

  test('is not captured by /tasks/{task_id}: a user gets 403, not 404', async () => {
    const res = await retryMany('', server.user);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: expect.stringContaining('admin') });
    expect((await retryMany('', server.manager)).status).toBe(403);
    expect((await api(server).post('/api/v1/tasks/retry')).status).toBe(401);
  });

  test('an admin puts every failed task of a type back, and they run again', async () => {
    const tasks = await failedExports(3);
    const other = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'failed' });
    const res = await retryMany('?status=failed&task_type=export');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ retried: 3, spread_s: expect.any(Number) });
    // They run again (and fail again): each has two attempts now.
    for (const t of tasks) {
      const final = await waitForTask(server.engine, t.task_id, (x) => x.status === 'failed' && x.attempt === 2);
      expect(final.error).toBe('export broke');
      expect((await details(t.task_id)).attempts.map((a) => a.outcome)).toEqual(['failed', 'failed']);
    }
    expect((await server.engine.getTask(other.task_id))!.status).toBe('failed');
  });

  test('status defaults to failed; status=cancelled takes the cancelled ones', async () => {
    const cancelled = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'cancelled' });
    const failed = await makeTask(server.engine, { type: 'manual', owner: server.user, status: 'failed' });
    const byDefault = await retryMany('');
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.retried).toBeGreaterThanOrEqual(1);
    expect((await server.engine.getTask(failed.task_id))!.status).toBe('pending');
    expect((await server.engine.getTask(cancelled.task_id))!.status).toBe('cancelled');

    const res = await retryMany('?status=cancelled');
    expect(res.status).toBe(200);
    expect(res.body.retried).toBeGreaterThanOrEqual(1);
    expect((await server.engine.getTask(cancelled.task_id))!.status).toBe('pending');
  });

  test('nothing to retry: retried 0', async () => {
    const res = await retryMany('?task_type=company_job');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ retried: 0, spread_s: 0 });
  });

  test.each([
    ['?status=completed', 'query.status'],
    ['?status=pending', 'query.status'],
    ['?status=FAILED', 'query.status'],
    ['?task_type=nope', 'query.task_type'],
    ['?task_type=manual', 'query.task_type'],
  ])('%s answers 400 naming %s', async (query, field) => {
    const res = await retryMany(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}:`)) });
  });

  test('the validation comes after the role check: a user learns nothing about the query', async () => {
    expect((await retryMany('?status=bogus', server.user)).status).toBe(403);
  });
});
