import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Task } from '../../engine/index.js';
import { api } from '../../../test/support/http.js';
import { makeTask, runningHeldTask } from '../../../test/support/tasks.js';
import { heldTaskType } from '../../../test/support/taskTypes.js';
import { startTestServer, type TestServer, type TestUser } from '../../../test/support/testServer.js';
import { waitForFinal } from '../../../test/support/wait.js';

// Runs tasks: `job` and the shared `company_job` wait until released or cancelled. Tasks of the
// unregistered type `manual` stay pending until the test moves them.
const job = heldTaskType('job');
const companyJob = heldTaskType('company_job');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    setup(engine) {
      job.define(engine);
      companyJob.define(engine, { shared: true });
    },
  });
});
afterAll(() => server.close());

const MISSING_ID = '0190b2a4-0000-7000-8000-000000000000';
const cancel = (who: TestUser, id: string) => api(server, who.token).post(`/api/v1/tasks/${id}/cancel`);

/** A task of a held type, running in the runner. */
const runningTask = (type = job, owner = server.user): Promise<Task> => runningHeldTask(server.engine, type, owner);

describe('POST /api/v1/tasks/{task_id}/cancel', () => {
  test('a pending task is cancelled at once', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const res = await cancel(server.user, task.task_id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ task_id: task.task_id, status: 'cancelled', cancel_requested: true });
    expect(Date.parse(res.body.completed_at)).not.toBeNaN();
    expect((await api(server, server.user.token).get(`/api/v1/tasks/${task.task_id}`)).body.status).toBe('cancelled');
  });

  test('a running task is asked to stop, then ends cancelled', async () => {
    const task = await runningTask();
    const res = await cancel(server.user, task.task_id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ task_id: task.task_id, status: 'running', cancel_requested: true });
    const final = await waitForFinal(server.engine, task.task_id);
    expect(final.status).toBe('cancelled');
    expect((await api(server, server.user.token).get(`/api/v1/tasks/${task.task_id}`)).body).toMatchObject({
      status: 'cancelled',
      cancel_requested: true,
    });
  });

  test.each(['completed', 'failed', 'cancelled'] as const)('a %s task answers 409 and stays as it was', async (status) => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user, status });
    const res = await cancel(server.user, task.task_id);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ detail: expect.any(String) });
    expect((await server.engine.getTask(task.task_id))!.status).toBe(status);
  });

  test('a task that finished by running answers 409', async () => {
    const task = await runningTask();
    job.release(task.task_id, { done: true });
    expect((await waitForFinal(server.engine, task.task_id)).status).toBe('completed');
    expect((await cancel(server.user, task.task_id)).status).toBe(409);
  });

  test('works with Content-Type: application/json and an empty body, and with a JSON object body', async () => {
    const a = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const empty = await api(server, server.user.token).request(`/api/v1/tasks/${a.task_id}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '',
    });
    expect(empty.status).toBe(200);
    expect(empty.body.status).toBe('cancelled');
    const b = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const withBody = await api(server, server.user.token).post(`/api/v1/tasks/${b.task_id}/cancel`, {});
    expect(withBody.status).toBe(200);
  });

  test("another user's task answers 404 exactly like a missing one, and is not cancelled", async () => {
    const task = await runningTask(job, server.user);
    const missing = await cancel(server.user2, MISSING_ID);
    const hidden = await cancel(server.user2, task.task_id);
    const notUuid = await cancel(server.user2, 'not-a-task');
    expect(missing.status).toBe(404);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe(missing.text);
    expect(notUuid.status).toBe(404);
    expect(notUuid.text).toBe(missing.text);
    // A manager may not cancel a private task of someone else either.
    expect((await cancel(server.manager, task.task_id)).text).toBe(missing.text);
    expect((await server.engine.getTask(task.task_id))!).toMatchObject({ status: 'running', cancel_requested: false });
    job.release(task.task_id);
    expect((await waitForFinal(server.engine, task.task_id)).status).toBe('completed');
  });

  test("an admin cancels any user's task", async () => {
    const task = await runningTask(job, server.user2);
    const res = await cancel(server.admin, task.task_id);
    expect(res.status).toBe(200);
    expect(res.body.cancel_requested).toBe(true);
    expect((await waitForFinal(server.engine, task.task_id)).status).toBe('cancelled');
  });

  test('a manager cancels a task of a shared type started by someone else; a plain user cannot', async () => {
    const task = await runningTask(companyJob, server.user);
    expect((await cancel(server.user2, task.task_id)).status).toBe(404);
    const res = await cancel(server.manager, task.task_id);
    expect(res.status).toBe(200);
    expect((await waitForFinal(server.engine, task.task_id)).status).toBe('cancelled');
  });

  test('without a token: 401, and nothing is cancelled', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    const res = await api(server).post(`/api/v1/tasks/${task.task_id}/cancel`);
    expect(res.status).toBe(401);
    expect((await server.engine.getTask(task.task_id))!.status).toBe('pending');
  });
});
