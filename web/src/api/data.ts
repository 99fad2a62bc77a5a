/** The data the 1C sync brings in: bank transactions, counterparties, categories, and the sync's source. */
import { ApiError, request } from './client';

/** Money direction of a bank transaction. */
export type Direction = 'in' | 'out';

/** A bank transaction as the data API returns it. */
export interface BankTransaction {
  ref: string;
  direction: Direction;
  doc_type: string;
  number: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Roubles with kopecks. */
  amount: number;
  currency_code: string | null;
  counterparty_ref: string | null;
  counterparty_type: string | null;
  counterparty_name: string | null;
  purpose: string;
  operation_kind: string;
  posted: boolean;
  data_version: string;
  category_id: number | null;
  category_name: string | null;
  /** 'rule': set by classification; 'manual': set by a person. */
  category_source: 'rule' | 'manual' | null;
  synced_at: string;
}

/** Filters of the transactions list; dates YYYY-MM-DD, inclusive. */
export interface TransactionFilter {
  date_from?: string;
  date_to?: string;
  direction?: Direction;
  /** A category id or 'none' (unclassified). */
  category?: number | 'none';
  search?: string;
}

/** A page of transactions with the sums of every matching one. */
export interface TransactionPage {
  items: BankTransaction[];
  total: number;
  sum_in: number;
  sum_out: number;
}

/** A counterparty from 1C. */
export interface Contractor {
  ref: string;
  source: string;
  name: string;
  full_name: string;
  inn: string;
  kpp: string;
  person_type: 'legal' | 'individual' | null;
  deletion_mark: boolean;
  data_version: string;
  synced_at: string;
}

/** A transaction category. */
export interface Category {
  id: number;
  name: string;
  direction: Direction | 'any';
}

/** Income and expenses of one month. */
export interface MonthTotals {
  /** YYYY-MM. */
  month: string;
  sum_in: number;
  sum_out: number;
}

/** The sum of one category in one direction (category_id null: unclassified). */
export interface CategoryTotal {
  category_id: number | null;
  category_name: string | null;
  direction: Direction;
  sum: number;
  /** Transactions counted (the server's summary gives it; the fallback too). */
  count?: number;
}

/** What the charts show for a period. */
export interface TransactionSummary {
  by_month: MonthTotals[];
  by_category: CategoryTotal[];
  /** True when computed in the browser from only part of the period's transactions. */
  partial?: boolean;
}

/** Where the sync reads 1C data from. */
export interface SyncSource {
  source: 'simulator' | '1c';
  url: string;
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
export function listContractors(search: string | undefined, limit = 50, offset = 0): Promise<{ items: Contractor[]; total: number }> {
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
