// Issue 14: a request to 1C the OData client retries by itself (ONEC_MAX_ATTEMPTS) is told in the task's log, not
// only in the server log: the simulator answers one request with a 500, the client tries it again and the sync
// completes, and the task's log holds «Повтор запроса к 1С …» for that request.
import { afterEach, describe, expect, it } from 'vitest';
import type { Task, TaskLogLine } from '../engine/index.js';
import { api } from '../../test/support/http.js';
import { startSyncServer, type SyncTestServer } from '../../test/support/syncServer.js';
import { waitForFinal } from '../../test/support/wait.js';

async function run(s: SyncTestServer, path: string, body: object): Promise<{ task: Task; lines: TaskLogLine[] }> {
  const res = await api(s, s.manager.token).post(path, body);
  expect(res.status).toBe(202);
  const task = await waitForFinal(s.engine, res.body.task_id, 30_000);
  const logs = await api(s, s.manager.token).get(`/api/v1/tasks/${task.task_id}/logs?limit=1000`);
  expect(logs.status).toBe(200);
  return { task, lines: logs.body.items };
}

describe("a 1C request's retries in the task log", () => {
  let s: SyncTestServer;
  afterEach(async () => {
    await s.close();
  });

  it('logs the retry of a request that failed once, with its entity set, attempt, code and pause', async () => {
    s = await startSyncServer();
    s.sim.setFaults({ fail500: 1 }); // the next OData request: 500, code -1
    const { task, lines } = await run(s, '/api/v1/sync-1c/contractors/sync-async', {});
    expect(task.status).toBe('completed');
    expect(task.attempt).toBe(1); // retried inside the client, not as a new attempt of the task
    const retries = lines.filter((l) => l.message.startsWith('Повтор запроса к 1С'));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({
      level: 'warn',
      message: expect.stringMatching(
        /^Повтор запроса к 1С \(Catalog_[^)]+\): попытка 1 из 3 не удалась — .+; следующая через \d+(,\d)? с$/,
      ),
      fields: { attempt: 1, max_attempts: 3, code: expect.stringMatching(/^ONEC_/), entity: expect.stringMatching(/^Catalog_/) },
    });
    // Its result still comes last.
    expect(lines.at(-1)!.message).toMatch(/^Готово: загружено \d+/);
  });

  it('a sync whose requests all succeed logs no retry', async () => {
    s = await startSyncServer();
    const { task, lines } = await run(s, '/api/v1/sync-1c/contractors/sync-async', {});
    expect(task.status).toBe('completed');
    expect(lines.some((l) => l.message.startsWith('Повтор запроса к 1С'))).toBe(false);
  });
});
