// Issue 14: a sync leaves its story in the task's log — what 1C holds, each committed batch, a 1C error with its code
// and whether the task is tried again, and the result — in Russian, like its messages.
import { afterEach, describe, expect, it } from 'vitest';
import type { Task, TaskLogLine } from '../engine/index.js';
import { ONEC_SETS, generateDataset } from '../onec/index.js';
import { api } from '../../test/support/http.js';
import { startSyncServer, type SyncTestServer } from '../../test/support/syncServer.js';
import { waitForFinal } from '../../test/support/wait.js';

const PERIOD = { date_from: '2025-02-01', date_to: '2025-04-30' };

async function run(s: SyncTestServer, path: string, body: object): Promise<{ task: Task; lines: TaskLogLine[] }> {
  const res = await api(s, s.manager.token).post(path, body);
  expect(res.status).toBe(202);
  const task = await waitForFinal(s.engine, res.body.task_id, 30_000);
  const logs = await api(s, s.manager.token).get(`/api/v1/tasks/${task.task_id}/logs?limit=1000`);
  expect(logs.status).toBe(200);
  return { task, lines: logs.body.items };
}

/** An integer as ru-RU writes it: digits in groups of three joined by a no-break space. */
const N = '\\d{1,3}(?:\u00a0\\d{3})*';
const ruInt = (n: number) => n.toLocaleString('ru-RU');

describe('sync task logs', () => {
  let s: SyncTestServer;
  afterEach(async () => {
    await s.close();
  });

  it('the bank sync logs what 1C holds, each committed batch and its result', async () => {
    s = await startSyncServer();
    const { task, lines } = await run(s, '/api/v1/sync-1c/bank-transactions/sync-async', PERIOD);
    expect(task.status).toBe('completed');
    const loaded = (task.result as { loaded: number }).loaded;
    expect(lines[0]).toMatchObject({
      level: 'info',
      message: expect.stringMatching(/^Найдено документов в 1С за 01\.02\.2025 — 30\.04\.2025: \d{1,3}(\u00a0\d{3})*$/),
    });
    const batches = lines.filter((l) => l.message.startsWith('Пакет сохранён'));
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(loaded / 100));
    expect(batches.reduce((n, l) => n + (l.fields as { batch: number }).batch, 0)).toBe(loaded);
    expect(batches.at(-1)!.fields).toMatchObject({ loaded });
    expect(batches[0]!.message).toMatch(
      new RegExp(`^Пакет сохранён: ${N} записей \\(создано ${N}, обновлено ${N}, пропущено ${N}\\), всего загружено ${N} из ${N}$`),
    );
    // The task's own message, as the progress dialog shows it: numbers grouped the Russian way.
    expect(task.message).toMatch(
      new RegExp(`^Готово: загружено ${ruInt(loaded)}, создано ${N}, обновлено ${N}, пропущено ${N}, удалено ${N}$`),
    );
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ level: 'info', message: expect.stringMatching(/^Готово: загружено \d+/), fields: { loaded, deleted: 0 } });
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
  });

  it('the contractors sync logs its batches and result', async () => {
    s = await startSyncServer();
    const { task, lines } = await run(s, '/api/v1/sync-1c/contractors/sync-async', {});
    expect(task.status).toBe('completed');
    expect(lines[0]!.message).toMatch(/^Найдено контрагентов в 1С: \d+$/);
    expect(lines.some((l) => l.message.startsWith('Пакет сохранён'))).toBe(true);
    expect(lines.at(-1)!.message).toMatch(/^Готово: загружено \d+/);
  });

  it('a 1C error is logged with its code and whether the task is tried again', async () => {
    // A 1C user restricted by access rules to one organisation (bankSyncAccessRights.test.ts): an error no retry can fix.
    const sim = { seed: 7, contractors: 40, documents: 300, from: '2025-01-01', to: '2025-03-31' };
    const organisation = String(generateDataset(sim).records[ONEC_SETS.incomingPayments][0]!.Организация_Key);
    s = await startSyncServer({
      sim: { ...sim, restrictedUser: { user: 'бухгалтер', password: 'pw', organisation } },
      env: { ONEC_USER: 'бухгалтер', ONEC_PASSWORD: 'pw' },
    });
    // A document of another organisation the user may not read.
    const { Ref_Key: _r, DataVersion: _v, ...fields } = s.sim.data.list(ONEC_SETS.incomingPayments)[5]!;
    s.sim.data.insert(ONEC_SETS.incomingPayments, { ...fields, Организация_Key: 'a0000000-0000-4000-8000-00000000000b', Number: 'ЧУЖ-1' });
    const { task, lines } = await run(s, '/api/v1/sync-1c/bank-transactions/sync-async', { date_from: sim.from, date_to: sim.to });
    expect(task.status).toBe('failed');
    const error = lines.at(-1)!;
    expect(error.level).toBe('error');
    expect(error.message).toMatch(/^Попытка 1: ошибка 1С ONEC_[A-Z_]+: .+; без повтора$/);
    expect(error.fields).toMatchObject({ code: expect.stringMatching(/^ONEC_/), retryable: false });
  });
});
