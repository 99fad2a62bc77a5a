/**
 * Issue 9, item 11: task ids are case-insensitive at the HTTP edge, and a sync start that collides with a sync
 * which finishes at that very moment is started, instead of answering 409 with `task_id: null`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TaskAlreadyActiveError } from '../../src/engine/index.js';
import type { NewTask } from '../../src/engine/index.js';
import { api } from '../support/http.js';
import { openTestSqlite } from '../support/sqlite.js';
import { startSyncServer, type SyncTestServer } from '../support/syncServer.js';
import { makeTask } from '../support/tasks.js';
import { waitForFinal } from '../support/wait.js';

let server: SyncTestServer;
// How many sync inserts the store is still to refuse the way PostgreSQL does when the sync in the way finished
// between the refused insert and the look-up of its id (a real race: 2 of 499 concurrent starts hit it).
let vanishingConflicts = 0;

beforeAll(async () => {
  const storage = await openTestSqlite();
  const insertTasks = storage.tasks.insertTasks.bind(storage.tasks);
  storage.tasks.insertTasks = async (tasks: readonly NewTask[], ...rest) => {
    const key = tasks.find((t) => t.singleton_key)?.singleton_key;
    if (key && vanishingConflicts > 0) {
      vanishingConflicts--;
      throw new TaskAlreadyActiveError(key, null);
    }
    return insertTasks(tasks, ...rest);
  };
  server = await startSyncServer({ storage });
});
afterAll(async () => {
  await server?.close();
});

describe('task ids at the HTTP edge', () => {
  test('an upper-case (or mixed-case) task UUID finds the task, for reading and for cancelling', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    for (const id of [task.task_id.toUpperCase(), task.task_id.replace(/[a-f]/, (c) => c.toUpperCase())]) {
      const res = await api(server, server.user.token).get(`/api/v1/tasks/${id}`);
      expect({ id, status: res.status, task_id: res.body?.task_id }).toEqual({ id, status: 200, task_id: task.task_id });
    }
    const cancelled = await api(server, server.user.token).post(`/api/v1/tasks/${task.task_id.toUpperCase()}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ task_id: task.task_id, status: 'cancelled' });
  });

  test('visibility still holds for the upper-case form', async () => {
    const task = await makeTask(server.engine, { type: 'manual', owner: server.user });
    expect((await api(server, server.user2.token).get(`/api/v1/tasks/${task.task_id.toUpperCase()}`)).status).toBe(404);
  });
});

describe('a sync start racing a sync that finishes', () => {
  test('is retried and started (202 with its task id), not refused with task_id null', async () => {
    vanishingConflicts = 2;
    const res = await api(server, server.manager.token).post('/api/v1/sync-1c/contractors/sync-async', {});
    expect(vanishingConflicts).toBe(0);
    expect(res.status).toBe(202);
    expect(res.body.task_id).toMatch(/^[0-9a-f-]{36}$/);
    await waitForFinal(server.engine, res.body.task_id, 60_000);
  });

  test('a sync really in the way is still named in the 409', async () => {
    server.sim.setFaults({ latencyMs: 200 }); // the first sync is still running when the second is asked for
    try {
      const first = await api(server, server.manager.token).post('/api/v1/sync-1c/contractors/sync-async', {});
      expect(first.status).toBe(202);
      const second = await api(server, server.admin.token).post('/api/v1/sync-1c/contractors/sync-async', {});
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ task_id: first.body.task_id });
      server.sim.clearFaults();
      await waitForFinal(server.engine, first.body.task_id, 60_000);
    } finally {
      server.sim.clearFaults();
    }
  });
});
