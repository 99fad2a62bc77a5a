/** Sync store conformance, part 2: the transactions and counterparties lists, look-ups and history. */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { BankTransactionRecord } from '../../../src/sync/index.js';
import type { Storage } from '../../../src/store/index.js';
import type { CurrentStorage } from './harnessTypes.js';
import { bankRecord, batchOf, contractorRecord, runningTask } from './syncFixtures.js';

/** Stores these transactions through one batch of a fresh running task. */
async function store(storage: Storage, records: BankTransactionRecord[]): Promise<void> {
  const task = await runningTask(storage);
  await storage.sync.commitBankBatch(batchOf(task, records.length), records, task.task_id);
}

/** Registers the list and look-up tests. */
export function syncListTests(current: CurrentStorage): void {
  it('returns a transaction with its amount in roubles, its date as YYYY-MM-DD and its category name', async () => {
    const storage = current();
    const fees = await storage.sync.insertCategory({ name: 'Комиссии банка', direction: 'out' });
    const counterparty = randomUUID();
    const t = bankRecord({
      direction: 'out',
      doc_type: 'Document_СписаниеСРасчетногоСчета',
      date: '2024-01-01',
      amount_kopecks: 123_456,
      counterparty_ref: counterparty,
      counterparty_type: 'Catalog_Контрагенты',
      counterparty_name: 'ПАО Банк',
      posted: false,
      category_id: fees.id,
    });
    await store(storage, [t]);
    const { amount_kopecks, ...fields } = t;
    const row = await storage.sync.getBankTransaction(t.ref);
    expect(row).toEqual({
      ...fields,
      amount: 1234.56,
      category_name: 'Комиссии банка',
      category_source: 'rule',
      synced_at: row!.synced_at,
    });
    expect(new Date(row!.synced_at).toISOString()).toBe(row!.synced_at);
    expect(amount_kopecks).toBe(123_456);
    expect(await storage.sync.getBankTransaction(t.ref.toUpperCase())).toEqual(row);
    expect(await storage.sync.getBankTransaction(randomUUID())).toBeNull();
    expect(await storage.sync.getBankTransaction('not-a-guid')).toBeNull();
  });

  it('summarizes a selection per month and per category, in roubles, ignoring paging', async () => {
    const storage = current();
    const rent = await storage.sync.insertCategory({ name: 'Аренда', direction: 'out' });
    await store(storage, [
      bankRecord({ date: '2024-01-31', direction: 'in', amount_kopecks: 10_050 }),
      bankRecord({ date: '2024-02-01', direction: 'out', amount_kopecks: 20_000, category_id: rent.id }),
      bankRecord({ date: '2024-02-29', direction: 'out', amount_kopecks: 5_001, category_id: rent.id }),
      bankRecord({ date: '2024-03-01', direction: 'in', amount_kopecks: 1 }),
    ]);
    const s = await storage.sync.summarizeBankTransactions({ date_from: '2024-01-01', date_to: '2024-02-29' });
    expect(s.by_month).toEqual([
      { month: '2024-01', sum_in: 100.5, sum_out: 0 },
      { month: '2024-02', sum_in: 0, sum_out: 250.01 },
    ]);
    expect(s.by_category).toEqual([
      { category_id: rent.id, category_name: 'Аренда', direction: 'out', sum: 250.01, count: 2 },
      { category_id: null, category_name: null, direction: 'in', sum: 100.5, count: 1 },
    ]);
    const outOnly = await storage.sync.summarizeBankTransactions({ direction: 'out' });
    expect(outOnly.by_category).toHaveLength(1);
  });

  it('lists newest date first, then number descending, filtering by inclusive dates, direction and category', async () => {
    const storage = current();
    const rent = await storage.sync.insertCategory({ name: 'Аренда', direction: 'out' });
    const t1 = bankRecord({ date: '2024-03-01', number: '0000-000001' });
    const t2 = bankRecord({ date: '2024-03-01', number: '0000-000002', direction: 'out', category_id: rent.id });
    const t3 = bankRecord({ date: '2024-03-02', number: '0000-000003', direction: 'out' });
    const t4 = bankRecord({ date: '2024-03-31', number: '0000-000004', category_id: rent.id });
    const t5 = bankRecord({ date: '2024-04-01', number: '0000-000005' });
    await store(storage, [t1, t2, t3, t4, t5]);
    const refs = async (q: Parameters<Storage['sync']['listBankTransactions']>[0]) =>
      (await storage.sync.listBankTransactions(q)).items.map((r) => r.ref);
    const page = { limit: 50, offset: 0 };

    expect(await refs(page)).toEqual([t5, t4, t3, t2, t1].map((t) => t.ref));
    expect(await refs({ ...page, date_from: '2024-03-01', date_to: '2024-03-31' })).toEqual([t4, t3, t2, t1].map((t) => t.ref));
    expect(await refs({ ...page, date_from: '2024-03-02' })).toEqual([t5, t4, t3].map((t) => t.ref));
    expect(await refs({ ...page, date_to: '2024-03-01' })).toEqual([t2, t1].map((t) => t.ref));
    expect(await refs({ ...page, direction: 'out' })).toEqual([t3, t2].map((t) => t.ref));
    expect(await refs({ ...page, category: rent.id })).toEqual([t4, t2].map((t) => t.ref));
    expect(await refs({ ...page, category: 'none' })).toEqual([t5, t3, t1].map((t) => t.ref));
    expect(await refs({ ...page, category: 'none', direction: 'in', date_to: '2024-03-31' })).toEqual([t1.ref]);
  });

  it('searches purpose, number and counterparty name case-insensitively, Cyrillic included', async () => {
    const storage = current();
    const byPurpose = bankRecord({ purpose: 'оплата по счёту № 15 за март' });
    const byName = bankRecord({ counterparty_name: 'ООО «Ромашка»' });
    const byNumber = bankRecord({ number: 'БП-000777' });
    const literal = bankRecord({ purpose: 'скидка 100% по акции' });
    const other = bankRecord({ purpose: 'Возврат займа', counterparty_name: null });
    await store(storage, [byPurpose, byName, byNumber, literal, other]);
    const found = async (search: string) =>
      (await storage.sync.listBankTransactions({ search, limit: 50, offset: 0 })).items.map((r) => r.ref).sort();

    expect(await found('ОПЛАТА')).toEqual([byPurpose.ref]);
    expect(await found('СчЁт')).toEqual([byPurpose.ref]);
    expect(await found('ромашк')).toEqual([byName.ref]);
    expect(await found('бп-000')).toEqual([byNumber.ref]);
    expect(await found('100%')).toEqual([literal.ref]);
    expect(await found('0%_')).toEqual([]);
    expect(await found('такого нет')).toEqual([]);
  });

  it('gives the count and the sums of the whole selection, not of the page', async () => {
    const storage = current();
    await store(storage, [
      bankRecord({ date: '2024-05-01', amount_kopecks: 150_050 }),
      bankRecord({ date: '2024-05-02', amount_kopecks: 25 }),
      bankRecord({ date: '2024-05-03', direction: 'out', amount_kopecks: 99_999 }),
      bankRecord({ date: '2024-05-04', direction: 'out', amount_kopecks: 1 }),
      bankRecord({ date: '2024-06-01', amount_kopecks: 700_000 }),
    ]);
    const may = { date_from: '2024-05-01', date_to: '2024-05-31' };
    const first = await storage.sync.listBankTransactions({ ...may, limit: 2, offset: 0 });
    expect(first).toMatchObject({ total: 4, sum_in: 1500.75, sum_out: 1000 });
    expect(first.items.map((r) => r.date)).toEqual(['2024-05-04', '2024-05-03']);
    const last = await storage.sync.listBankTransactions({ ...may, limit: 2, offset: 2 });
    expect(last).toMatchObject({ total: 4, sum_in: 1500.75, sum_out: 1000 });
    expect(last.items.map((r) => r.date)).toEqual(['2024-05-02', '2024-05-01']);
    const beyond = await storage.sync.listBankTransactions({ ...may, limit: 2, offset: 10 });
    expect(beyond).toEqual({ items: [], total: 4, sum_in: 1500.75, sum_out: 1000 });
    expect(await storage.sync.listBankTransactions({ date_from: '2025-01-01', limit: 2, offset: 0 })).toEqual({
      items: [],
      total: 0,
      sum_in: 0,
      sum_out: 0,
    });
  });

  it('lists counterparties by name, searching name, full name and INN case-insensitively', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const b = contractorRecord({ name: 'Бета', full_name: 'ООО «БЕТА-СЕРВИС»', inn: '7701000001' });
    const a = contractorRecord({ name: 'Альфа', full_name: 'АО «Альфа»', inn: '7702000002' });
    const v = contractorRecord({ name: 'Вега', full_name: 'ИП Вегин', inn: '5003000003' });
    await storage.sync.commitContractorBatch(batchOf(task), [b, a, v]);
    const names = async (q: { search?: string; limit?: number; offset?: number }) => {
      const r = await storage.sync.listContractors({ limit: 50, offset: 0, ...q });
      return { names: r.items.map((c) => c.name), total: r.total };
    };

    expect(await names({})).toEqual({ names: ['Альфа', 'Бета', 'Вега'], total: 3 });
    expect(await names({ limit: 1, offset: 1 })).toEqual({ names: ['Бета'], total: 3 });
    expect(await names({ search: 'бета-сервис' })).toEqual({ names: ['Бета'], total: 1 });
    expect(await names({ search: 'ВЕГ' })).toEqual({ names: ['Вега'], total: 1 });
    expect(await names({ search: '770' })).toEqual({ names: ['Альфа', 'Бета'], total: 2 });
    expect(await names({ search: 'нет такого' })).toEqual({ names: [], total: 0 });
    const listed = (await storage.sync.listContractors({ search: 'альфа', limit: 50, offset: 0 })).items[0]!;
    expect(listed).toEqual({ ...a, synced_at: listed.synced_at });
  });

  it("gives each counterparty's most frequent category, ties going to the lowest id", async () => {
    const storage = current();
    const [c1, c2, c3] = await Promise.all(
      ['Первая', 'Вторая', 'Третья'].map((name) => storage.sync.insertCategory({ name, direction: 'any' })),
    );
    const ids = [c1!.id, c2!.id, c3!.id].sort((x, y) => x - y);
    const [low, mid, high] = ids as [number, number, number];
    const [x, y, z, none] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const tx = (counterparty_ref: string, category_id: number | null) => bankRecord({ counterparty_ref, category_id });
    await store(storage, [
      tx(x, high),
      tx(x, high),
      tx(x, low),
      tx(x, null),
      tx(x, null),
      tx(x, null),
      tx(y, high),
      tx(y, mid),
      tx(y, mid),
      tx(y, high),
      tx(z, mid),
      tx(none, null),
    ]);

    const history = await storage.sync.categoryHistory([x, y, z, none, randomUUID()]);
    expect(Object.fromEntries(history)).toEqual({ [x]: high, [y]: mid, [z]: mid });
    expect((await storage.sync.categoryHistory([])).size).toBe(0);
  });

  it('sets a category by hand, and removes it with null', async () => {
    const storage = current();
    const gifts = await storage.sync.insertCategory({ name: 'Подарки', direction: 'in' });
    const t = bankRecord();
    await store(storage, [t]);

    expect(await storage.sync.setTransactionCategory(t.ref, gifts.id)).toMatchObject({
      category_id: gifts.id,
      category_name: 'Подарки',
      category_source: 'manual',
    });
    expect(await storage.sync.getBankTransaction(t.ref)).toMatchObject({ category_id: gifts.id, category_source: 'manual' });
    expect(await storage.sync.setTransactionCategory(t.ref, null)).toMatchObject({
      category_id: null,
      category_name: null,
      category_source: null,
    });
    expect(await storage.sync.setTransactionCategory(randomUUID(), gifts.id)).toBeNull();
  });
}
