// @vitest-environment jsdom
/** The data API module against real servers: the summary endpoint, and the fallback for servers without it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncTestServer } from '../../../test/support/syncServer.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';
import { waitForFinal } from '../../../test/support/wait.js';
import { signIn, startLiveSyncServer, stopServer } from '../../test/liveServer';
import { getTransactionSummary, listBankTransactions, summarize, type BankTransaction } from './data';
import { startAsyncBankTransactionsSync } from './tasks';

const tx = (over: Partial<BankTransaction>): BankTransaction => ({
  ref: crypto.randomUUID(),
  direction: 'in',
  doc_type: 'Document_ПоступлениеНаРасчетныйСчет',
  number: '1',
  date: '2026-01-15',
  amount: 100,
  currency_code: '643',
  counterparty_ref: null,
  counterparty_type: null,
  counterparty_name: null,
  purpose: '',
  operation_kind: '',
  posted: true,
  data_version: 'v1',
  category_id: 1,
  category_name: 'Выручка',
  category_source: 'rule',
  synced_at: '2026-01-16T00:00:00Z',
  ...over,
});

describe('summarize', () => {
  it('sums by month and by category and direction, exact to the kopeck', () => {
    const summary = summarize([
      tx({ amount: 0.1 }),
      tx({ amount: 0.2 }),
      tx({ date: '2026-02-01', direction: 'out', amount: 50, category_id: null, category_name: null }),
      tx({ date: '2026-02-03', direction: 'out', amount: 25.5, category_id: null, category_name: null }),
    ]);
    expect(summary.by_month).toEqual([
      { month: '2026-01', sum_in: 0.3, sum_out: 0 },
      { month: '2026-02', sum_in: 0, sum_out: 75.5 },
    ]);
    expect(summary.by_category).toEqual([
      { category_id: null, category_name: null, direction: 'out', sum: 75.5, count: 2 },
      { category_id: 1, category_name: 'Выручка', direction: 'in', sum: 0.3, count: 2 },
    ]);
  });
});

describe('getTransactionSummary', () => {
  let sync: SyncTestServer;
  let bare: TestServer;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    sync = await startLiveSyncServer();
    const { task_id } = await startAsyncBankTransactionsSync({ date_from: `${year}-01-01`, date_to: `${year}-12-31` });
    await waitForFinal(sync.engine, task_id);
  });
  afterAll(async () => {
    await stopServer(sync);
    await stopServer(bare);
  });

  it('matches the transactions it summarizes', async () => {
    signIn(sync, sync.manager);
    const summary = await getTransactionSummary(`${year}-01-01`, `${year}-12-31`);
    const all = await listBankTransactions({ date_from: `${year}-01-01`, date_to: `${year}-12-31` }, 500);
    expect(all.total).toBeGreaterThan(0);
    expect(all.total).toBeLessThanOrEqual(500);
    const mine = summarize(all.items);
    const total = (rows: { sum_in: number; sum_out: number }[]) => rows.reduce((s, m) => [s[0]! + m.sum_in, s[1]! + m.sum_out], [0, 0]);
    expect(total(summary.by_month).map((n) => Math.round(n * 100))).toEqual(total(mine.by_month).map((n) => Math.round(n * 100)));
    expect(summary.by_month.map((m) => m.month)).toEqual(mine.by_month.map((m) => m.month));
    expect(summary.partial).toBeUndefined();
  });

  it('computes the totals itself from the transactions when the server has no summary (404)', async () => {
    const items = [tx({ amount: 10 }), tx({ date: '2026-03-02', direction: 'out', amount: 4 })];
    // A server with only the list route, as before the summary endpoint existed.
    bare = await startTestServer({
      plugins: [(app) => void app.get('/api/v1/bank-transactions', async () => ({ items, total: items.length, sum_in: 10, sum_out: 4 }))],
    });
    signIn(bare, bare.admin);
    const summary = await getTransactionSummary('2026-01-01', '2026-12-31');
    expect(summary.by_month).toEqual([
      { month: '2026-01', sum_in: 10, sum_out: 0 },
      { month: '2026-03', sum_in: 0, sum_out: 4 },
    ]);
    expect(summary.partial).toBe(false);
  });
});
