/** The data the 1C sync brings in: bank transactions, counterparties, categories, and the sync's source. */
import { ApiError, request } from './client';

import type { BankTransaction, CategoryTotal, MonthTotals, TransactionSummary as WireSummary } from '../../../src/wire/index.js';

// The wire shapes are defined once, in src/wire, and shared with the server.
export type {
  BankTransaction,
  Category,
  CategoryTotal,
  Contractor,
  ContractorPage,
  Direction,
  MonthTotals,
  SyncSource,
  TransactionPage,
} from '../../../src/wire/index.js';
import type { Category, ContractorPage, Direction, SyncSource, TransactionPage } from '../../../src/wire/index.js';

/** Filters of the transactions list; dates YYYY-MM-DD, inclusive. */
export interface TransactionFilter {
  date_from?: string;
  date_to?: string;
  direction?: Direction;
  /** A category id or 'none' (unclassified). */
  category?: number | 'none';
  search?: string;
}

/** What the charts show for a period. */
export interface TransactionSummary extends WireSummary {
  /** True when computed in the browser from only part of the period's transactions. */
  partial?: boolean;
}

/** One page of transactions (limit ≤ 500). */
export function listBankTransactions(filter: TransactionFilter, limit = 50, offset = 0): Promise<TransactionPage> {
  return request<TransactionPage>('GET', '/api/v1/bank-transactions', { query: { ...filter, limit, offset } });
}

/** Sets (or, with null, clears) a transaction's category; admin and manager. */
export function setTransactionCategory(ref: string, categoryId: number | null): Promise<BankTransaction> {
  return request<BankTransaction>('PATCH', `/api/v1/bank-transactions/${encodeURIComponent(ref)}`, { body: { category_id: categoryId } });
}

/** One page of counterparties. */
export function listContractors(search: string | undefined, limit = 50, offset = 0): Promise<ContractorPage> {
  return request('GET', '/api/v1/contractors', { query: { search, limit, offset } });
}

/** Every category. */
export async function listCategories(): Promise<Category[]> {
  return (await request<{ items: Category[] }>('GET', '/api/v1/categories')).items;
}

/** Where the 1C data comes from (the embedded simulator or a real 1C). */
export function getSyncSource(): Promise<SyncSource> {
  return request<SyncSource>('GET', '/api/v1/sync-1c/status');
}

// Pages read when the server has no summary endpoint: up to 2,000 transactions.
const FALLBACK_PAGES = 4;
const FALLBACK_PAGE_SIZE = 500;

/**
 * Monthly and per-category totals of a period. Uses `GET /api/v1/bank-transactions/summary`; a server
 * without it (404) gets the totals computed here from the first pages of the period's transactions.
 */
export async function getTransactionSummary(dateFrom: string, dateTo: string): Promise<TransactionSummary> {
  try {
    return await request<TransactionSummary>('GET', '/api/v1/bank-transactions/summary', {
      query: { date_from: dateFrom, date_to: dateTo },
    });
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  const items: BankTransaction[] = [];
  let total = 0;
  for (let page = 0; page < FALLBACK_PAGES; page++) {
    const answer = await listBankTransactions({ date_from: dateFrom, date_to: dateTo }, FALLBACK_PAGE_SIZE, page * FALLBACK_PAGE_SIZE);
    items.push(...answer.items);
    total = answer.total;
    if (items.length >= total || answer.items.length === 0) break;
  }
  return { ...summarize(items), partial: items.length < total };
}

/** Totals by month and by category of the given transactions. */
export function summarize(items: readonly BankTransaction[]): TransactionSummary {
  const months = new Map<string, MonthTotals>();
  const categories = new Map<string, CategoryTotal>();
  for (const t of items) {
    const month = t.date.slice(0, 7);
    const m = months.get(month) ?? { month, sum_in: 0, sum_out: 0 };
    if (t.direction === 'in') m.sum_in += t.amount;
    else m.sum_out += t.amount;
    months.set(month, m);
    const key = `${t.direction}:${t.category_id ?? 'none'}`;
    const c = categories.get(key) ?? {
      category_id: t.category_id,
      category_name: t.category_name,
      direction: t.direction,
      sum: 0,
      count: 0,
    };
    c.sum += t.amount;
    c.count = (c.count ?? 0) + 1;
    categories.set(key, c);
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    by_month: [...months.values()]
      .sort((a, b) => a.month.localeCompare(b.month))
      .map((m) => ({ ...m, sum_in: round(m.sum_in), sum_out: round(m.sum_out) })),
    by_category: [...categories.values()].sort((a, b) => b.sum - a.sum).map((c) => ({ ...c, sum: round(c.sum) })),
  };
}
