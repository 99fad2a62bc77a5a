/** What both sync stores do the same way outside SQL: batch de-duplication, counting, history, text search. */
import type { Json, ProgressUpdate } from '../engine/index.js';
import type { BankTransactionSummary, BatchCounts, BatchTask } from '../sync/port.js';

/**
 * One record per ref, the last one given winning. A batch then writes each row at most once, which
 * PostgreSQL's set-based statements require, and both backends count alike: a dropped duplicate counts as
 * skipped, so created + updated + skipped is always the number of records given.
 */
export function lastByRef<T extends { ref: string }>(records: readonly T[]): T[] {
  return [...new Map(records.map((r) => [r.ref.toLowerCase(), r])).values()];
}

/** The counts of a committed batch; `categories` holds the resulting category of each created/updated row. */
/** The progress and cursor a batch writes: its own, or built from the batch's counts (see BatchTask.withCounts). */
export function batchCheckpoint(task: BatchTask, counts: Omit<BatchCounts, 'task'>): { progress: ProgressUpdate; checkpoint: Json } {
  const built = task.withCounts?.(counts) ?? { progress: task.progress, checkpoint: task.checkpoint };
  return { progress: built.progress, checkpoint: (built.checkpoint ?? null) as Json };
}

export function batchCounts(
  given: number,
  created: number,
  updated: number,
  categories: readonly (number | null)[],
): Omit<BatchCounts, 'task'> {
  const classified = categories.filter((c) => c !== null).length;
  return { created, updated, skipped: given - created - updated, classified, unclassified: categories.length - classified };
}

/** How many stored transactions of a counterparty carry a category. */
export interface CategoryUse {
  counterparty_ref: string;
  category_id: number;
  n: number;
}

/** The most used category per counterparty; on a tie the lowest id, so the answer is stable. */
export function mostUsedCategories(uses: readonly CategoryUse[]): Map<string, number> {
  const best = new Map<string, CategoryUse>();
  for (const u of uses) {
    const b = best.get(u.counterparty_ref);
    if (!b || u.n > b.n || (u.n === b.n && u.category_id < b.category_id)) best.set(u.counterparty_ref, u);
  }
  return new Map([...best].map(([ref, u]) => [ref, u.category_id]));
}

/**
 * Case folding for search, the same on both backends: Russian rules, so Cyrillic folds too (SQLite's own
 * lower() folds ASCII only, hence it is registered there as the SQL function `casefold`).
 */
export function casefold(text: string): string {
  return text.toLocaleLowerCase('ru');
}

/** Kopecks to roubles (exact for any sum below 2^53 kopecks). */
export const roubles = (kopecks: number): number => kopecks / 100;

/** The totals of a selection of transactions, as both backends read them (kopecks). */
export interface BankTotals {
  total: number;
  sum_in: number;
  sum_out: number;
}

/** A month's in and out sums of a selection of transactions (kopecks). */
export interface MonthSums {
  month: string;
  k_in: number;
  k_out: number;
}

/** The sum (kopecks) and count of a selection of transactions of one category and direction. */
export interface CategorySums {
  category_id: number | null;
  category_name: string | null;
  direction: 'in' | 'out';
  k: number;
  n: number;
}

/** A transactions summary from its per-month and per-category rows, sums in roubles. */
export function bankSummary(months: readonly MonthSums[], categories: readonly CategorySums[]): BankTransactionSummary {
  return {
    by_month: months.map((m) => ({ month: m.month, sum_in: roubles(m.k_in), sum_out: roubles(m.k_out) })),
    by_category: categories.map((c) => ({
      category_id: c.category_id,
      category_name: c.category_name,
      direction: c.direction,
      sum: roubles(c.k),
      count: c.n,
    })),
  };
}

/** The columns a partial update writes: those of `allowed` that `patch` gives a value (undefined keeps). */
export function patchedColumns<T extends object>(patch: T, allowed: readonly (keyof T & string)[]): (keyof T & string)[] {
  return allowed.filter((k) => patch[k] !== undefined);
}
