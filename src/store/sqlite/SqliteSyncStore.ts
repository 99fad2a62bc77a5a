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
} from '../../sync/index.js';
import { refusal } from '../../engine/index.js';
import {
  batchCheckpoint,
  batchCounts,
  casefold,
  lastByRef,
  mostUsedCategories,
  patchedColumns,
  roubles,
  type CategoryUse,
} from '../syncRecords.js';
import {
  bankParams,
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

const CONTRACTOR_FIELDS = `source = @source, name = @name, full_name = @full_name, inn = @inn, kpp = @kpp,
  person_type = @person_type, deletion_mark = @deletion_mark, data_version = @data_version, synced_at = @now`;
const CONTRACTOR_COLUMNS = `ref, source, name, full_name, inn, kpp, person_type, deletion_mark, data_version, synced_at`;
const CONTRACTOR_VALUES = `@ref, @source, @name, @full_name, @inn, @kpp, @person_type, @deletion_mark, @data_version, @now`;
const BANK_JOINED = `SELECT t.*, c.name AS category_name FROM bank_transactions t LEFT JOIN categories c ON c.id = t.category_id`;
const RULE_COLUMNS = ['category_id', 'priority', 'direction', 'operation_kinds', 'keywords', 'counterparty_ref'] as const;
const CATEGORY_COLUMNS = ['name', 'direction'] as const;

/** Thrown inside a batch transaction when the task's guarded checkpoint matched no row, to roll it back. */
class CheckpointRefused extends Error {}

type Stmt<R = unknown> = Database.Statement<unknown[], R>;

/**
 * The synced 1C data on SQLite. A batch runs in one BEGIN IMMEDIATE transaction: per record a guarded
 * UPDATE (only when the data_version differs), else an INSERT that does nothing when the ref exists
 * (then the record is skipped), and finally the task store's own guarded checkpoint UPDATE.
 */
export class SqliteSyncStore implements SyncStore {
  private s!: ReturnType<SqliteSyncStore['statements']>;
  private listCache = new Map<
    string,
    { rows: Stmt<RawBankTransaction>; totals: Stmt<{ total: number; sum_in: number; sum_out: number }> }
  >();
  private contractorListCache = new Map<string, { rows: Stmt<RawContractor>; count: Stmt<number> }>();

  constructor(
    private readonly db: Database.Database,
    private readonly tasks: SqliteTaskStore,
  ) {
    // SQLite's lower() folds ASCII only; search must fold Cyrillic too ("ОПЛАТА" finds "оплата").
    db.function('casefold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? casefold(s) : s));
  }

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    this.s = this.statements();
  }

  private statements() {
    const p = <R>(sql: string) => this.db.prepare(sql) as Stmt<R>;
    return {
      contractorUpdate: p(`UPDATE contractors SET ${CONTRACTOR_FIELDS} WHERE ref = @ref AND data_version <> @data_version`),
      contractorInsert: p(`INSERT INTO contractors (${CONTRACTOR_COLUMNS}) VALUES (${CONTRACTOR_VALUES}) ON CONFLICT (ref) DO NOTHING`),
      contractorsByRef: p<RawContractor>(`SELECT * FROM contractors WHERE ref IN (SELECT value FROM json_each(?))`),
      // A manual category is kept; otherwise the record's rule category (or none) replaces the stored one.
      bankUpdate: p<{ category_id: number | null }>(`UPDATE bank_transactions SET direction = @direction, doc_type = @doc_type,
          number = @number, date = @date, amount_kopecks = @amount_kopecks, currency_code = @currency_code,
          counterparty_ref = @counterparty_ref, counterparty_type = @counterparty_type, counterparty_name = @counterparty_name,
          purpose = @purpose, operation_kind = @operation_kind, posted = @posted, data_version = @data_version,
          category_id = CASE WHEN category_source = 'manual' THEN category_id ELSE @category_id END,
          category_source = CASE WHEN category_source = 'manual' THEN 'manual' WHEN @category_id IS NULL THEN NULL ELSE 'rule' END,
          seen_run = @run, synced_at = @now
        WHERE ref = @ref AND data_version <> @data_version RETURNING category_id`),
      bankInsert: p<{ category_id: number | null }>(`INSERT INTO bank_transactions (ref, direction, doc_type, number, date,
          amount_kopecks, currency_code, counterparty_ref, counterparty_type, counterparty_name, purpose, operation_kind,
          posted, data_version, category_id, category_source, seen_run, synced_at)
        VALUES (@ref, @direction, @doc_type, @number, @date, @amount_kopecks, @currency_code, @counterparty_ref,
          @counterparty_type, @counterparty_name, @purpose, @operation_kind, @posted, @data_version, @category_id,
          CASE WHEN @category_id IS NULL THEN NULL ELSE 'rule' END, @run, @now)
        ON CONFLICT (ref) DO NOTHING RETURNING category_id`),
      bankSeen: p(`UPDATE bank_transactions SET seen_run = @run WHERE ref = @ref`),
      unseen: p<{ ref: string; doc_type: string }>(`SELECT ref, doc_type FROM bank_transactions
        WHERE date >= @from AND date <= @to AND seen_run IS NOT @run ORDER BY ref`),
      deleteUnseenByRef: p(`DELETE FROM bank_transactions WHERE ref IN (SELECT value FROM json_each(@refs)) AND seen_run IS NOT @run`),
      history: p<CategoryUse>(`SELECT counterparty_ref, category_id, count(*) AS n FROM bank_transactions
        WHERE counterparty_ref IN (SELECT value FROM json_each(?)) AND category_id IS NOT NULL
        GROUP BY counterparty_ref, category_id`),
      bankByRef: p<RawBankTransaction>(`${BANK_JOINED} WHERE t.ref = ?`),
      setCategory: p(`UPDATE bank_transactions SET category_id = @category,
          category_source = CASE WHEN @category IS NULL THEN NULL ELSE 'manual' END
        WHERE ref = @ref`),
      categories: p<Category>(`SELECT * FROM categories ORDER BY name, id`),
      categoryNameTaken: p(`SELECT 1 FROM categories WHERE casefold(name) = casefold(@name) AND id IS NOT @id`),
      insertCategory: p<Category>(`INSERT INTO categories (name, direction) VALUES (@name, @direction) RETURNING *`),
      categoryById: p<Category>(`SELECT * FROM categories WHERE id = ?`),
      clearCategory: p(`UPDATE bank_transactions SET category_id = NULL, category_source = NULL WHERE category_id = ?`),
      deleteCategory: p(`DELETE FROM categories WHERE id = ?`),
      rules: p<RawRule>(`SELECT * FROM classification_rules ORDER BY priority, id`),
      insertRule: p<RawRule>(`INSERT INTO classification_rules (category_id, priority, direction, operation_kinds, keywords,
          counterparty_ref)
        VALUES (@category_id, @priority, @direction, @operation_kinds, @keywords, @counterparty_ref) RETURNING *`),
      ruleById: p<RawRule>(`SELECT * FROM classification_rules WHERE id = ?`),
      deleteRule: p(`DELETE FROM classification_rules WHERE id = ?`),
    };
  }

  async commitContractorBatch(task: BatchTask, records: readonly ContractorRecord[]): Promise<BatchCounts> {
    return this.commitBatch(task, records.length, () => {
      const now = Date.now();
      let created = 0;
      let updated = 0;
      for (const c of lastByRef(records)) {
        const params = contractorParams(c, now);
        if (this.s.contractorUpdate.run(params).changes > 0) updated++;
        else if (this.s.contractorInsert.run(params).changes > 0) created++;
      }
      // Counterparties carry no category: they count as neither classified nor unclassified.
      return { created, updated, categories: [] };
    });
  }

  async insertMissingContractors(records: readonly ContractorRecord[]): Promise<void> {
    const now = Date.now();
    const insertAll = this.db.transaction(() => {
      for (const c of records) this.s.contractorInsert.run(contractorParams(c, now));
    });
    insertAll.immediate();
  }

  async getContractors(refs: readonly string[]): Promise<Map<string, ContractorRow>> {
    const rows = this.s.contractorsByRef.all(JSON.stringify(refs.map((r) => r.toLowerCase())));
    return new Map(rows.map((r) => [r.ref, toContractor(r)]));
  }

  async commitBankBatch(task: BatchTask, records: readonly BankTransactionRecord[], runId: string): Promise<BatchCounts> {
    return this.commitBatch(task, records.length, () => {
      const now = Date.now();
      let created = 0;
      let updated = 0;
      const categories: (number | null)[] = [];
      for (const t of lastByRef(records)) {
        const params = bankParams(t, runId, now);
        const changed = this.s.bankUpdate.get(params);
        if (changed) {
          updated++;
          categories.push(changed.category_id);
          continue;
        }
        const inserted = this.s.bankInsert.get(params);
        if (inserted) {
          created++;
          categories.push(inserted.category_id);
          continue;
        }
        this.s.bankSeen.run(params); // same data_version: only mark it seen by this run
      }
      return { created, updated, categories };
    });
  }

  /** Writes a batch's records and the task's checkpoint in one transaction; a refused checkpoint undoes both. */
  private async commitBatch(
    task: BatchTask,
    given: number,
    writeRecords: () => { created: number; updated: number; categories: (number | null)[] },
  ): Promise<BatchCounts> {
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
    return this.s.unseen.all({ from: dateFrom, to: dateTo, run: runId });
  }

  async deleteBankTransactions(refs: readonly string[], runId: string): Promise<number> {
    if (refs.length === 0) return 0;
    return this.s.deleteUnseenByRef.run({ refs: JSON.stringify(refs.map((r) => r.toLowerCase())), run: runId }).changes;
  }

  async categoryHistory(counterpartyRefs: readonly string[]): Promise<Map<string, number>> {
    if (counterpartyRefs.length === 0) return new Map();
    return mostUsedCategories(this.s.history.all(JSON.stringify(counterpartyRefs.map((r) => r.toLowerCase()))));
  }

  async listBankTransactions(
    query: BankTransactionQuery,
  ): Promise<{ items: BankTransactionRow[]; total: number; sum_in: number; sum_out: number }> {
    const { where, params } = bankWhere(query);
    let stmts = this.listCache.get(where);
    if (!stmts) {
      stmts = {
        rows: this.db.prepare(
          `${BANK_JOINED} ${where} ORDER BY t.date DESC, t.number DESC, t.ref DESC LIMIT @limit OFFSET @offset`,
        ) as Stmt<RawBankTransaction>,
        totals: this.db.prepare(`SELECT count(*) AS total,
            coalesce(sum(CASE WHEN t.direction = 'in' THEN t.amount_kopecks END), 0) AS sum_in,
            coalesce(sum(CASE WHEN t.direction = 'out' THEN t.amount_kopecks END), 0) AS sum_out
          FROM bank_transactions t ${where}`) as Stmt<{ total: number; sum_in: number; sum_out: number }>,
      };
      this.listCache.set(where, stmts);
    }
    const { rows, totals } = stmts;
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
      months: this.db
        .prepare(
          `SELECT substr(t.date, 1, 7) AS month,
             coalesce(sum(CASE WHEN t.direction = 'in' THEN t.amount_kopecks END), 0) AS k_in,
             coalesce(sum(CASE WHEN t.direction = 'out' THEN t.amount_kopecks END), 0) AS k_out
           FROM bank_transactions t ${where} GROUP BY month ORDER BY month`,
        )
        .all(params) as { month: string; k_in: number; k_out: number }[],
      categories: this.db
        .prepare(
          `SELECT t.category_id, c.name AS category_name, t.direction, sum(t.amount_kopecks) AS k, count(*) AS n
           FROM bank_transactions t LEFT JOIN categories c ON c.id = t.category_id ${where}
           GROUP BY t.category_id, c.name, t.direction ORDER BY k DESC`,
        )
        .all(params) as { category_id: number | null; category_name: string | null; direction: 'in' | 'out'; k: number; n: number }[],
    }));
    const r = read.deferred();
    return {
      by_month: r.months.map((m) => ({ month: m.month, sum_in: roubles(m.k_in), sum_out: roubles(m.k_out) })),
      by_category: r.categories.map((c) => ({
        category_id: c.category_id,
        category_name: c.category_name,
        direction: c.direction,
        sum: roubles(c.k),
        count: c.n,
      })),
    };
  }

  async getBankTransaction(ref: string): Promise<BankTransactionRow | null> {
    const r = this.s.bankByRef.get(ref.toLowerCase());
    return r ? toBankTransaction(r) : null;
  }

  async setTransactionCategory(ref: string, categoryId: number | null): Promise<BankTransactionRow | null> {
    const set = this.db.transaction(() => {
      const changes = this.s.setCategory.run({ ref: ref.toLowerCase(), category: categoryId }).changes;
      return changes > 0 ? this.s.bankByRef.get(ref.toLowerCase()) : undefined;
    });
    const r = set.immediate();
    return r ? toBankTransaction(r) : null;
  }

  async listContractors(query: { search?: string; limit: number; offset: number }): Promise<{ items: ContractorRow[]; total: number }> {
    const search = query.search ? casefold(query.search) : '';
    const where = search
      ? `WHERE instr(casefold(name), @search) > 0 OR instr(casefold(full_name), @search) > 0 OR instr(inn, @search) > 0`
      : '';
    let stmts = this.contractorListCache.get(where);
    if (!stmts) {
      stmts = {
        rows: this.db.prepare(`SELECT * FROM contractors ${where} ORDER BY name, ref LIMIT @limit OFFSET @offset`) as Stmt<RawContractor>,
        count: this.db.prepare(`SELECT count(*) FROM contractors ${where}`).pluck() as Stmt<number>,
      };
      this.contractorListCache.set(where, stmts);
    }
    const params = search ? { search } : {};
    const { rows, count } = stmts;
    const read = this.db.transaction(() => ({
      items: rows.all({ ...params, limit: query.limit, offset: query.offset }).map(toContractor),
      total: count.get(params)!,
    }));
    return read.deferred();
  }

  async listCategories(): Promise<Category[]> {
    return this.s.categories.all();
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
      if (columns.length === 0) return this.s.categoryById.get(id);
      const set = columns.map((k) => `${k} = @${k}`).join(', ');
      const stmt = this.db.prepare(`UPDATE categories SET ${set} WHERE id = @id RETURNING *`) as Stmt<Category>;
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
    return this.s.rules.all().map(toRule);
  }

  async insertRule(r: Omit<ClassificationRule, 'id'>): Promise<ClassificationRule> {
    return toRule(this.s.insertRule.get(ruleParams(r))!);
  }

  async updateRule(id: number, patch: Partial<Omit<ClassificationRule, 'id'>>): Promise<ClassificationRule | null> {
    const columns = patchedColumns(patch, RULE_COLUMNS);
    if (columns.length === 0) {
      const r = this.s.ruleById.get(id);
      return r ? toRule(r) : null;
    }
    const set = columns.map((k) => `${k} = @${k}`).join(', ');
    const stmt = this.db.prepare(`UPDATE classification_rules SET ${set} WHERE id = @id RETURNING *`) as Stmt<RawRule>;
    const r = stmt.get({ ...ruleParams(patch), id });
    return r ? toRule(r) : null;
  }

  async deleteRule(id: number): Promise<boolean> {
    return this.s.deleteRule.run(id).changes > 0;
  }
}

/** WHERE clause (and its named parameters) of a transactions list; the clause text is the statement cache key. */
function bankWhere(q: BankTransactionQuery): { where: string; params: Record<string, unknown> } {
  const conds: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.date_from !== undefined) {
    conds.push('t.date >= @dateFrom');
    params.dateFrom = q.date_from;
  }
  if (q.date_to !== undefined) {
    conds.push('t.date <= @dateTo');
    params.dateTo = q.date_to;
  }
  if (q.direction !== undefined) {
    conds.push('t.direction = @direction');
    params.direction = q.direction;
  }
  if (q.category === 'none') conds.push('t.category_id IS NULL');
  else if (q.category !== undefined) {
    conds.push('t.category_id = @category');
    params.category = q.category;
  }
  if (q.search) {
    conds.push(`(instr(casefold(t.purpose), @search) > 0 OR instr(casefold(t.number), @search) > 0
      OR instr(casefold(t.counterparty_name), @search) > 0)`);
    params.search = casefold(q.search);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}
