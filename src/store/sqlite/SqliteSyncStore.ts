import type Database from 'better-sqlite3';
import {
  type BankTransactionQuery,
  type BankTransactionRecord,
  type BankTransactionRow,
  type BankTransactionSummary,
  type BatchCounts,
  type BatchTask,
  type Category,
  CategoryNameTakenError,
  type ClassificationRule,
  type ContractorRecord,
  type ContractorRow,
  type SyncStore,
} from '../../sync/port.js';
import { refusal } from '../../engine/index.js';
import {
  bankSummary,
  batchCheckpoint,
  batchCounts,
  casefold,
  mostUsedCategories,
  patchedColumns,
  roubles,
  type BankTotals,
  type CategorySums,
  type MonthSums,
} from '../syncRecords.js';
import {
  contractorParams,
  ruleParams,
  toBankTransaction,
  toContractor,
  toRule,
  type RawBankTransaction,
  type RawContractor,
  type RawRule,
} from './sqliteSyncRows.js';
import type { SqliteTaskStore } from './SqliteTaskStore.js';
import { writeBankRecords, writeContractorRecords, type BatchWrites } from './sqliteBatchWrites.js';
import { bankWhere, contractorWhere, setList } from './sqliteSyncFilters.js';
import { PreparedByWhere, prepareSyncStatements, SQL, type Stmt, type SyncStatements } from './sqliteSyncStatements.js';

const RULE_COLUMNS = ['category_id', 'priority', 'direction', 'operation_kinds', 'keywords', 'counterparty_ref'] as const;
const CATEGORY_COLUMNS = ['name', 'direction'] as const;

/** Thrown inside a batch transaction when the task's guarded checkpoint matched no row, to roll it back. */
class CheckpointRefused extends Error {}

/**
 * The synced 1C data on SQLite. A batch runs in one BEGIN IMMEDIATE transaction: per record a guarded
 * UPDATE (only when the data_version differs), else an INSERT that does nothing when the ref exists
 * (then the record is skipped), and finally the task store's own guarded checkpoint UPDATE.
 */
export class SqliteSyncStore implements SyncStore {
  private s!: SyncStatements;
  // The list statements, prepared once per WHERE clause (per combination of filters given).
  private readonly bankLists = new PreparedByWhere((where) => ({
    rows: this.db.prepare(SQL.listBankTransactions(where)) as Stmt<RawBankTransaction>,
    totals: this.db.prepare(SQL.bankTransactionTotals(where)) as Stmt<BankTotals>,
  }));
  private readonly contractorLists = new PreparedByWhere((where) => ({
    rows: this.db.prepare(SQL.listContractors(where)) as Stmt<RawContractor>,
    count: this.db.prepare(SQL.countContractors(where)).pluck() as Stmt<number>,
  }));

  constructor(
    private readonly db: Database.Database,
    private readonly tasks: SqliteTaskStore,
  ) {
    // SQLite's lower() folds ASCII only; search must fold Cyrillic too ("ОПЛАТА" finds "оплата").
    db.function('casefold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? casefold(s) : s));
  }

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    this.s = prepareSyncStatements(this.db);
  }

  async commitContractorBatch(task: BatchTask, records: readonly ContractorRecord[]): Promise<BatchCounts> {
    return this.commitBatch(task, records.length, () => writeContractorRecords(this.s, records));
  }

  async insertMissingContractors(records: readonly ContractorRecord[]): Promise<void> {
    const now = Date.now();
    const insertAll = this.db.transaction(() => {
      for (const c of records) this.s.insertContractor.run(contractorParams(c, now));
    });
    insertAll.immediate();
  }

  async getContractors(refs: readonly string[]): Promise<Map<string, ContractorRow>> {
    const rows = this.s.getContractors.all(JSON.stringify(refs.map((r) => r.toLowerCase())));
    return new Map(rows.map((r) => [r.ref, toContractor(r)]));
  }

  async commitBankBatch(task: BatchTask, records: readonly BankTransactionRecord[], runId: string): Promise<BatchCounts> {
    return this.commitBatch(task, records.length, () => writeBankRecords(this.s, records, runId));
  }

  /** Writes a batch's records and the task's checkpoint in one transaction; a refused checkpoint undoes both. */
  private async commitBatch(task: BatchTask, given: number, writeRecords: () => BatchWrites): Promise<BatchCounts> {
    const commit = this.db.transaction(() => {
      const written = writeRecords();
      const counts = batchCounts(given, written.created, written.updated, written.categories);
      const { progress, checkpoint } = batchCheckpoint(task, counts);
      const row = this.tasks.checkpointRow(task.taskId, progress, checkpoint, task.fence);
      if (!row) throw new CheckpointRefused();
      return { ...counts, task: row };
    });
    try {
      return commit.immediate();
    } catch (err) {
      if (!(err instanceof CheckpointRefused)) throw err;
      throw refusal(task.taskId, 'checkpoint', await this.tasks.getTask(task.taskId), task.fence);
    }
  }

  async listUnseenBankTransactions(dateFrom: string, dateTo: string, runId: string): Promise<{ ref: string; doc_type: string }[]> {
    return this.s.listUnseenBankTransactions.all({ from: dateFrom, to: dateTo, run: runId });
  }

  async deleteBankTransactions(refs: readonly string[], runId: string): Promise<number> {
    if (refs.length === 0) return 0;
    return this.s.deleteBankTransactions.run({ refs: JSON.stringify(refs.map((r) => r.toLowerCase())), run: runId }).changes;
  }

  async categoryHistory(counterpartyRefs: readonly string[]): Promise<Map<string, number>> {
    if (counterpartyRefs.length === 0) return new Map();
    return mostUsedCategories(this.s.categoryHistory.all(JSON.stringify(counterpartyRefs.map((r) => r.toLowerCase()))));
  }

  async listBankTransactions(
    query: BankTransactionQuery,
  ): Promise<{ items: BankTransactionRow[]; total: number; sum_in: number; sum_out: number }> {
    const { where, params } = bankWhere(query);
    const { rows, totals } = this.bankLists.get(where);
    // One read transaction: the page and the totals come from the same snapshot.
    const read = this.db.transaction(() => ({
      items: rows.all({ ...params, limit: query.limit, offset: query.offset }).map(toBankTransaction),
      totals: totals.get(params)!,
    }));
    const r = read.deferred();
    return { items: r.items, total: r.totals.total, sum_in: roubles(r.totals.sum_in), sum_out: roubles(r.totals.sum_out) };
  }

  async summarizeBankTransactions(query: Omit<BankTransactionQuery, 'limit' | 'offset'>): Promise<BankTransactionSummary> {
    const { where, params } = bankWhere({ ...query, limit: 0, offset: 0 });
    const read = this.db.transaction(() => ({
      months: this.db.prepare(SQL.bankTransactionsByMonth(where)).all(params) as MonthSums[],
      categories: this.db.prepare(SQL.bankTransactionsByCategory(where)).all(params) as CategorySums[],
    }));
    const r = read.deferred();
    return bankSummary(r.months, r.categories);
  }

  async getBankTransaction(ref: string): Promise<BankTransactionRow | null> {
    const r = this.s.getBankTransaction.get(ref.toLowerCase());
    return r ? toBankTransaction(r) : null;
  }

  async setTransactionCategory(ref: string, categoryId: number | null): Promise<BankTransactionRow | null> {
    const set = this.db.transaction(() => {
      const changes = this.s.setTransactionCategory.run({ ref: ref.toLowerCase(), category: categoryId }).changes;
      return changes > 0 ? this.s.getBankTransaction.get(ref.toLowerCase()) : undefined;
    });
    const r = set.immediate();
    return r ? toBankTransaction(r) : null;
  }

  async listContractors(query: { search?: string; limit: number; offset: number }): Promise<{ items: ContractorRow[]; total: number }> {
    const { where, params } = contractorWhere(query.search);
    const { rows, count } = this.contractorLists.get(where);
    const read = this.db.transaction(() => ({
      items: rows.all({ ...params, limit: query.limit, offset: query.offset }).map(toContractor),
      total: count.get(params)!,
    }));
    return read.deferred();
  }

  async listCategories(): Promise<Category[]> {
    return this.s.listCategories.all();
  }

  async insertCategory(c: Omit<Category, 'id'>): Promise<Category> {
    const insert = this.db.transaction(() => {
      // The unique index is on lower(name), which folds ASCII only; this check folds Cyrillic as well.
      // IMMEDIATE holds the write lock from the check to the insert, so two inserts cannot both pass it.
      if (this.s.categoryNameTaken.get({ name: c.name, id: null })) throw new CategoryNameTakenError(c.name);
      return this.s.insertCategory.get({ name: c.name, direction: c.direction })!;
    });
    return insert.immediate();
  }

  async updateCategory(id: number, patch: Partial<Omit<Category, 'id'>>): Promise<Category | null> {
    const columns = patchedColumns(patch, CATEGORY_COLUMNS);
    const update = this.db.transaction(() => {
      if (patch.name !== undefined && this.s.categoryNameTaken.get({ name: patch.name, id })) throw new CategoryNameTakenError(patch.name);
      if (columns.length === 0) return this.s.getCategory.get(id);
      const stmt = this.db.prepare(SQL.updateCategory(setList(columns))) as Stmt<Category>;
      return stmt.get({ ...patch, id });
    });
    return update.immediate() ?? null;
  }

  async deleteCategory(id: number): Promise<boolean> {
    const remove = this.db.transaction(() => {
      // Cleared by hand rather than by ON DELETE SET NULL, which would leave the category_source behind.
      this.s.clearCategory.run(id);
      return this.s.deleteCategory.run(id).changes > 0; // its rules go by ON DELETE CASCADE
    });
    return remove.immediate();
  }

  async listRules(): Promise<ClassificationRule[]> {
    return this.s.listRules.all().map(toRule);
  }

  async insertRule(r: Omit<ClassificationRule, 'id'>): Promise<ClassificationRule> {
    return toRule(this.s.insertRule.get(ruleParams(r))!);
  }

  async updateRule(id: number, patch: Partial<Omit<ClassificationRule, 'id'>>): Promise<ClassificationRule | null> {
    const columns = patchedColumns(patch, RULE_COLUMNS);
    if (columns.length === 0) {
      const r = this.s.getRule.get(id);
      return r ? toRule(r) : null;
    }
    const stmt = this.db.prepare(SQL.updateRule(setList(columns))) as Stmt<RawRule>;
    const r = stmt.get({ ...ruleParams(patch), id });
    return r ? toRule(r) : null;
  }

  async deleteRule(id: number): Promise<boolean> {
    return this.s.deleteRule.run(id).changes > 0;
  }
}
