import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ONEC_SETS, type WireRecord } from '../onec/index.js';
import type { Task } from '../engine/index.js';
import { api } from '../../test/support/http.js';
import { startSyncServer, type SyncTestServer } from '../../test/support/syncServer.js';
import { waitForFinal, waitForTask } from '../../test/support/wait.js';

const PERIOD = { date_from: '2025-02-01', date_to: '2025-04-30' };

/** Documents the simulator holds for the period, without deletion-marked ones: what a sync must store. */
function expectedRefs(s: SyncTestServer, from = PERIOD.date_from, to = PERIOD.date_to): Set<string> {
  const refs = new Set<string>();
  for (const set of [ONEC_SETS.incomingPayments, ONEC_SETS.outgoingPayments]) {
    for (const r of s.sim.data.list(set) as WireRecord[]) {
      const day = String(r.Date).slice(0, 10);
      if (!r.DeletionMark && day >= from && day <= to) refs.add(String(r.Ref_Key));
    }
  }
  return refs;
}

async function storedRefs(s: SyncTestServer): Promise<string[]> {
  const { items, total } = await s.storage.sync.listBankTransactions({ limit: 100_000, offset: 0 });
  expect(items).toHaveLength(total);
  return items.map((i) => i.ref);
}

async function runSync(s: SyncTestServer, body: object = PERIOD): Promise<Task> {
  const res = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', body);
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ status: 'pending', task_id: expect.any(String), message: expect.any(String) });
  return waitForFinal(s.engine, res.body.task_id, 30_000);
}

describe('sync_bank_transactions over HTTP against the 1C simulator', () => {
  let s: SyncTestServer;
  beforeEach(async () => {
    s = await startSyncServer();
  });
  afterEach(async () => {
    await s.close();
  });

  it('stores every document of the period once, with the counts as the result', async () => {
    const task = await runSync(s);
    const expected = expectedRefs(s);
    expect(task.status).toBe('completed');
    expect(task.result).toMatchObject({ loaded: expected.size, created: expected.size, updated: 0, skipped: 0, deleted: 0 });
    const r = task.result as Record<string, number>;
    expect(r.classified! + r.unclassified!).toBe(expected.size);
    expect(r.classified).toBeGreaterThan(expected.size / 2);
    expect(r.duration_ms).toBeGreaterThanOrEqual(0);
    expect(task.processed).toBe(expected.size);
    expect(task.progress).toBe(100);
    expect(new Set(await storedRefs(s))).toEqual(expected);
    const page = await api(s, s.user.token).get('/api/v1/bank-transactions?limit=5&date_from=2025-03-01&date_to=2025-03-31');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.items.every((i: { date: string }) => i.date >= '2025-03-01' && i.date <= '2025-03-31')).toBe(true);
    expect(page.body.sum_in).toBeGreaterThan(0);
    const summary = await api(s, s.user.token).get('/api/v1/bank-transactions/summary?date_from=2025-02-01&date_to=2025-04-30');
    expect(summary.status).toBe(200);
    expect(summary.body.by_month.map((m: { month: string }) => m.month)).toEqual(['2025-02', '2025-03', '2025-04']);
    const all = await api(s, s.user.token).get('/api/v1/bank-transactions?limit=1&date_from=2025-02-01&date_to=2025-04-30');
    const monthIn = summary.body.by_month.reduce((a: number, m: { sum_in: number }) => a + m.sum_in, 0);
    expect(monthIn).toBeCloseTo(all.body.sum_in, 2);
    const categoryCount = summary.body.by_category.reduce((a: number, c: { count: number }) => a + c.count, 0);
    expect(categoryCount).toBe(all.body.total);
    expect(summary.body.by_category.some((c: { category_name: string | null }) => c.category_name === 'Выручка')).toBe(true);
  });

  it('a repeated sync skips everything and leaves the same data', async () => {
    await runSync(s);
    const before = await s.storage.sync.listBankTransactions({ limit: 100_000, offset: 0 });
    const again = await runSync(s);
    const n = expectedRefs(s).size;
    expect(again.result).toMatchObject({ loaded: n, created: 0, updated: 0, skipped: n, deleted: 0, classified: 0, unclassified: 0 });
    const after = await s.storage.sync.listBankTransactions({ limit: 100_000, offset: 0 });
    const strip = (rows: typeof before.items) => rows.map(({ synced_at: _s, ...rest }) => rest);
    expect(strip(after.items)).toEqual(strip(before.items));
  });

  it('re-sync after 1C changed, added, marked and deleted documents', async () => {
    await runSync(s);
    const docs = (s.sim.data.list(ONEC_SETS.outgoingPayments) as WireRecord[]).filter(
      (r) => !r.DeletionMark && String(r.Date) >= '2025-03-01' && String(r.Date) < '2025-04-01',
    );
    const [changed, marked, removed] = docs;
    s.sim.data.update(ONEC_SETS.outgoingPayments, String(changed!.Ref_Key), {
      НазначениеПлатежа: 'Арендная плата за апрель 2025',
      ВидОперации: 'ПрочееСписание',
    });
    s.sim.data.setDeletionMark(ONEC_SETS.outgoingPayments, String(marked!.Ref_Key));
    s.sim.data.remove(ONEC_SETS.outgoingPayments, String(removed!.Ref_Key));
    const { Ref_Key: _ref, DataVersion: _version, ...fields } = changed!;
    const added = s.sim.data.insert(ONEC_SETS.outgoingPayments, { ...fields, Number: 'НОВ-1', Date: '2025-03-15T10:00:00' });
    const again = await runSync(s);
    const n = expectedRefs(s).size;
    expect(again.result).toMatchObject({ loaded: n, created: 1, updated: 1, deleted: 2, skipped: n - 2 });
    const stored = new Set(await storedRefs(s));
    expect(stored).toEqual(expectedRefs(s));
    expect(stored.has(String(added.Ref_Key))).toBe(true);
    const row = await s.storage.sync.getBankTransaction(String(changed!.Ref_Key));
    expect(row).toMatchObject({ purpose: 'Арендная плата за апрель 2025', category_name: 'Аренда' });
  });

  it('a transaction no rule matches takes the category its counterparty usually has; a rule still wins', async () => {
    await runSync(s);
    const doc = (s.sim.data.list(ONEC_SETS.outgoingPayments) as WireRecord[]).find(
      (r) =>
        !r.DeletionMark &&
        String(r.Date) >= '2025-03-01' &&
        String(r.Date) < '2025-04-01' &&
        r.Контрагент_Type === 'StandardODATA.Catalog_Контрагенты',
    )!;
    const counterparty = String(doc.Контрагент);
    // The counterparty's stored transactions, put in a category of their own by hand, make its history.
    const usual = await s.storage.sync.insertCategory({ name: 'Обычная для контрагента', direction: 'any' });
    const { items } = await s.storage.sync.listBankTransactions({ limit: 100_000, offset: 0 });
    const own = items.filter((i) => i.counterparty_ref === counterparty);
    expect(own.length).toBeGreaterThan(0);
    for (const t of own) await s.storage.sync.setTransactionCategory(t.ref, usual.id);
    const { Ref_Key: _ref, DataVersion: _version, ...fields } = doc;
    const unmatched = s.sim.data.insert(ONEC_SETS.outgoingPayments, {
      ...fields,
      Number: 'НОВ-1',
      Date: '2025-03-15T10:00:00',
      ВидОперации: 'ПрочееСписание',
      НазначениеПлатежа: 'Без назначения',
    });
    const matched = s.sim.data.insert(ONEC_SETS.outgoingPayments, {
      ...fields,
      Number: 'НОВ-2',
      Date: '2025-03-15T11:00:00',
      ВидОперации: 'ОплатаПоставщику',
      НазначениеПлатежа: 'Оплата по счету № 7 за поставку товаров',
    });
    const again = await runSync(s);
    expect(again.result).toMatchObject({ created: 2, classified: 2 });
    expect(await s.storage.sync.getBankTransaction(String(unmatched.Ref_Key))).toMatchObject({
      counterparty_ref: counterparty,
      category_id: usual.id,
      category_source: 'rule',
    });
    expect(await s.storage.sync.getBankTransaction(String(matched.Ref_Key))).toMatchObject({ category_name: 'Поставщики' });
  });

  it('cancel in the middle keeps committed batches, and processed equals what is stored', async () => {
    s.sim.setFaults({ latencyMs: 30 });
    const res = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', {
      date_from: '2025-01-01',
      date_to: '2025-06-30',
    });
    await waitForTask(s.engine, res.body.task_id, (t) => t.processed >= 100);
    const cancel = await api(s, s.manager.token).post(`/api/v1/tasks/${res.body.task_id}/cancel`);
    expect(cancel.status).toBe(200);
    const done = await waitForFinal(s.engine, res.body.task_id);
    expect(done.status).toBe('cancelled');
    const stored = await storedRefs(s);
    expect(stored.length).toBe(done.processed);
    expect(done.processed).toBeGreaterThanOrEqual(100);
    expect(done.processed).toBeLessThan(expectedRefs(s, '2025-01-01', '2025-06-30').size);
  });

  it('a transient 500 is retried and the sync succeeds', async () => {
    s.sim.setFaults({ failAtRequests: [3, 5] });
    const task = await runSync(s);
    expect(task.status).toBe('completed');
    expect(new Set(await storedRefs(s))).toEqual(expectedRefs(s));
    expect(s.sim.stats().requests).toBeGreaterThan(0);
  });

  it('a persistent fault fails the attempt with a clear message and rolls back the open batch', async () => {
    // Every request from the sixth on fails, retries included: decided before the start, because windows are
    // read ahead and a fault set once some batches were stored could come after the last read.
    s.sim.setFaults({ failAtRequests: Array.from({ length: 400 }, (_, i) => i + 6) });
    const res = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', PERIOD);
    // The attempt failed; the task waits for the next one (ONEC_SYNC_RETRY_BASE_MS: 15–30 s), showing the error.
    const failed = await waitForTask(s.engine, res.body.task_id, (t) => t.status === 'pending' && t.error !== null, 30_000);
    expect(failed.attempt).toBe(1);
    expect(failed.error).toMatch(/^Не удалось получить данные из 1С/);
    expect(failed.error).not.toMatch(/\n\s+at /);
    const stored = await storedRefs(s);
    expect(stored.length).toBe(failed.processed);
    expect(stored.length % 100).toBe(0);
    expect((await api(s, s.manager.token).post(`/api/v1/tasks/${res.body.task_id}/cancel`)).status).toBe(200);
    expect(await waitForFinal(s.engine, res.body.task_id)).toMatchObject({ status: 'cancelled', attempt: 1 });
  });

  it('admin and manager start syncs; a user gets 403; a second one gets 409 with the running task id', async () => {
    expect((await api(s, s.user.token).post('/api/v1/sync-1c/bank-transactions/sync-async', PERIOD)).status).toBe(403);
    s.sim.setFaults({ latencyMs: 50 });
    const first = await api(s, s.admin.token).post('/api/v1/sync-1c/bank-transactions/sync-async', PERIOD);
    expect(first.status).toBe(202);
    const second = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', PERIOD);
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ detail: expect.any(String), task_id: first.body.task_id });
    // Shared company data: the manager sees and may cancel the admin's sync; a plain user does not see it.
    expect((await api(s, s.manager.token).get(`/api/v1/tasks/${first.body.task_id}`)).status).toBe(200);
    expect((await api(s, s.user.token).get(`/api/v1/tasks/${first.body.task_id}`)).status).toBe(404);
    expect((await api(s, s.manager.token).post(`/api/v1/tasks/${first.body.task_id}/cancel`)).status).toBe(200);
    await waitForFinal(s.engine, first.body.task_id);
  });

  it('validates the period and names the field', async () => {
    const post = (body: unknown) => api(s, s.admin.token).post('/api/v1/sync-1c/bank-transactions/sync-async', body);
    const cases: [unknown, RegExp][] = [
      [{ date_from: '2025-02-30', date_to: '2025-03-01' }, /date_from/],
      [{ date_from: '2025-03-01', date_to: 'tomorrow' }, /date_to/],
      [{ date_from: '2025-03-02', date_to: '2025-03-01' }, /date_from/],
      [{ date_from: '2020-01-01', date_to: '2025-01-02' }, /date_to.*1827/],
      [{ date_from: '2025-03-01', date_to: '2025-03-02', auto_classify: 'yes' }, /auto_classify/],
      [{ date_from: '2025-03-01', date_to: '2025-03-02', extra: 1 }, /extra/],
      [{ date_to: '2025-03-02' }, /date_from/],
      [{ date_from: '2025-03-01', date_to: '2025-03-02', priority: 11 }, /priority/],
      [{ date_from: '2025-03-01', date_to: '2025-03-02', priority: 1.5 }, /priority/],
      [{ date_from: '2025-03-01', date_to: '2025-03-02', run_at: 'tonight' }, /run_at/],
      [{ date_from: '2025-03-01', date_to: '2025-03-02', run_at: '2099-01-01T00:00:00Z' }, /run_at.*year/],
    ];
    for (const [body, detail] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.detail).toMatch(detail);
    }
    expect((await post({ date_from: '2021-01-01', date_to: '2025-12-31' })).status).toBe(202);
  });

  it('a sync may be given a priority and a start time; it waits until then, and neither lands in its payload', async () => {
    const runAt = new Date(Date.now() + 60_000).toISOString();
    const res = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', {
      ...PERIOD,
      priority: 5,
      run_at: runAt,
    });
    expect(res.status).toBe(202);
    const row = (await s.engine.getTaskRow(res.body.task_id))!;
    expect(row).toMatchObject({ status: 'pending', priority: 5, run_at: runAt });
    expect(row.payload).toEqual({ ...PERIOD, auto_classify: true });
    const contractors = await api(s, s.manager.token).post('/api/v1/sync-1c/contractors/sync-async', { priority: -3 });
    expect(contractors.status).toBe(202);
    expect((await s.engine.getTask(contractors.body.task_id))!.priority).toBe(-3);
    await waitForFinal(s.engine, contractors.body.task_id);
    expect((await s.engine.getTask(res.body.task_id))!.status).toBe('pending');
    expect((await api(s, s.manager.token).post(`/api/v1/tasks/${res.body.task_id}/cancel`)).status).toBe(200);
  });

  it('without auto_classify transactions get no category', async () => {
    const task = await runSync(s, { ...PERIOD, auto_classify: false });
    expect(task.result).toMatchObject({ classified: 0, unclassified: expectedRefs(s).size });
  });
});

describe('sync_contractors', () => {
  let s: SyncTestServer;
  beforeEach(async () => {
    s = await startSyncServer();
  });
  afterEach(async () => {
    await s.close();
  });

  it('stores every non-folder counterparty, keeping deletion-marked ones with their flag', async () => {
    const res = await api(s, s.admin.token).post('/api/v1/sync-1c/contractors/sync-async');
    expect(res.status).toBe(202);
    const task = await waitForFinal(s.engine, res.body.task_id);
    const all = (s.sim.data.list(ONEC_SETS.counterparties) as WireRecord[]).filter((r) => !r.IsFolder);
    expect(task.result).toMatchObject({ loaded: all.length, created: all.length, skipped: 0 });
    const listed = await api(s, s.user.token).get('/api/v1/contractors?limit=500');
    expect(listed.body.total).toBe(all.length);
    const marked = all.find((r) => r.DeletionMark);
    if (marked) expect(listed.body.items.find((i: { ref: string }) => i.ref === marked.Ref_Key)).toMatchObject({ deletion_mark: true });
    const again = await waitForFinal(s.engine, (await api(s, s.admin.token).post('/api/v1/sync-1c/contractors/sync-async')).body.task_id);
    expect(again.result).toMatchObject({ loaded: all.length, created: 0, updated: 0, skipped: all.length });
  });
});
