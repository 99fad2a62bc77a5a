import type pg from 'pg';
import { TaskNotFoundError, refusal } from '../../engine/index.js';
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
import {
  bankSummary,
  batchCheckpoint,
  batchCounts,
  lastByRef,
  mostUsedCategories,
  patchedColumns,
  roubles,
  type BankTotals,
  type CategorySums,
  type CategoryUse,
  type MonthSums,
} from '../syncRecords.js';
import { bankWhere, contractorWhere, setList } from './postgresSyncFilters.js';
import { pgTransaction } from './pgTransaction.js';
import { SQL } from './postgresSyncStatements.js';
import { jsonList, toBankTransaction, toContractor, type RawBankTransaction, type RawContractor } from './postgresSyncRows.js';
import { checkpointQuery, type PostgresTaskStore } from './PostgresTaskStore.js';
import { toTaskRow, UUID_RE, type RawTask } from './postgresTaskRows.js';

const RULE_COLUMNS = ['category_id', 'priority', 'direction', 'operation_kinds', 'keywords', 'counterparty_ref'] as const;
const CATEGORY_COLUMNS = ['name', 'direction'] as const;
const READ_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === '23505';

/** Thrown inside a batch transaction when the task's guarded checkpoint matched no row, to roll it back. */
class CheckpointRefused extends Error {}

/**
 * The synced 1C data on PostgreSQL. A batch is one transaction on one pooled client: a set-based guarded
 * UPDATE of the records whose data_version differs, an INSERT of the new ones (ON CONFLICT DO NOTHING),
 * and the task store's own guarded checkpoint UPDATE.
 */
export class PostgresSyncStore implements SyncStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tasks: PostgresTaskStore,
  ) {}

  async commitContractorBatch(task: BatchTask, records: readonly ContractorRecord[]): Promise<BatchCounts> {
    const unique = lastByRef(records);
    const json = JSON.stringify(unique);
    return this.commitBatch(task, records.length, async (c) => {
      if (unique.length === 0) return { created: 0, updated: 0, categories: [] };
      const updated = (await c.query(SQL.updateContractors, [json])).rowCount ?? 0;
      const created = (await c.query(SQL.insertContractors, [json])).rowCount ?? 0;
      // Counterparties carry no category: they count as neither classified nor unclassified.
      return { created, updated, categories: [] };
    });
  }

  async insertMissingContractors(records: readonly ContractorRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.pool.query(SQL.insertContractors, [JSON.stringify(records)]);
  }

  async getContractors(refs: readonly string[]): Promise<Map<string, ContractorRow>> {
    const valid = refs.filter((r) => UUID_RE.test(r));
    if (valid.length === 0) return new Map();
    const rows = (await this.pool.query<RawContractor>(SQL.getContractors, [valid])).rows;
    return new Map(rows.map((r) => [r.ref, toContractor(r)]));
  }

  async commitBankBatch(task: BatchTask, records: readonly BankTransactionRecord[], runId: string): Promise<BatchCounts> {
    const unique = lastByRef(records);
    const json = JSON.stringify(unique);
    return this.commitBatch(task, records.length, async (c) => {
      if (unique.length === 0) return { created: 0, updated: 0, categories: [] };
      const updated = (await c.query<{ category_id: number | null }>(SQL.updateBankTransactions, [json, runId])).rows;
      const created = (await c.query<{ category_id: number | null }>(SQL.insertBankTransactions, [json, runId])).rows;
      await c.query(SQL.markBankTransactionsSeen, [unique.map((t) => t.ref), runId]);
      const categories = [...updated, ...created].map((r) => r.category_id);
      return { created: created.length, updated: updated.length, categories };
    });
  }

  /** Writes a batch's records and the task's checkpoint in one transaction; a refused checkpoint undoes both. */
  private async commitBatch(
    task: BatchTask,
    given: number,
    writeRecords: (c: pg.PoolClient) => Promise<{ created: number; updated: number; categories: (number | null)[] }>,
  ): Promise<BatchCounts> {
    if (!UUID_RE.test(task.taskId)) throw new TaskNotFoundError(task.taskId);
    try {
      return await pgTransaction(this.pool, 'BEGIN', async (c) => {
        const written = await writeRecords(c);
        const counts = batchCounts(given, written.created, written.updated, written.categories);
        const { progress, checkpoint } = batchCheckpoint(task, counts);
        const [row] = (await c.query<RawTask>(...checkpointQuery(task.taskId, progress, checkpoint, task.fence))).rows;
        if (!row) throw new CheckpointRefused();
        return { ...counts, task: toTaskRow(row) };
      });
    } catch (err) {
      if (!(err instanceof CheckpointRefused)) throw err;
      throw refusal(task.taskId, 'checkpoint', await this.tasks.getTask(task.taskId), task.fence);
    }
  }

  async listUnseenBankTransactions(dateFrom: string, dateTo: string, runId: string): Promise<{ ref: string; doc_type: string }[]> {
    return (await this.pool.query<{ ref: string; doc_type: string }>(SQL.listUnseenBankTransactions, [dateFrom, dateTo, runId])).rows;
  }

  async deleteBankTransactions(refs: readonly string[], runId: string): Promise<number> {
    const valid = refs.filter((r) => UUID_RE.test(r));
    if (valid.length === 0) return 0;
    return (await this.pool.query(SQL.deleteBankTransactions, [valid, runId])).rowCount ?? 0;
  }

  async categoryHistory(counterpartyRefs: readonly string[]): Promise<Map<string, number>> {
    const valid = counterpartyRefs.filter((r) => UUID_RE.test(r));
    if (valid.length === 0) return new Map();
    return mostUsedCategories((await this.pool.query<CategoryUse>(SQL.categoryHistory, [valid])).rows);
  }

  async listBankTransactions(
    query: BankTransactionQuery,
  ): Promise<{ items: BankTransactionRow[]; total: number; sum_in: number; sum_out: number }> {
    // The page takes its limit and offset as $1 and $2, so its filters are numbered from $3.
    const page = bankWhere(query, 3);
    const all = bankWhere(query, 1);
    // One snapshot for the page and the totals.
    return pgTransaction(this.pool, READ_SNAPSHOT, async (c) => {
      const rows = await c.query<RawBankTransaction>(SQL.listBankTransactions(page.where), [query.limit, query.offset, ...page.params]);
      const totals = await c.query<BankTotals>(SQL.bankTransactionTotals(all.where), all.params);
      const t = totals.rows[0]!;
      return { items: rows.rows.map(toBankTransaction), total: t.total, sum_in: roubles(t.sum_in), sum_out: roubles(t.sum_out) };
    });
  }

  async summarizeBankTransactions(query: Omit<BankTransactionQuery, 'limit' | 'offset'>): Promise<BankTransactionSummary> {
    const { where, params } = bankWhere({ ...query, limit: 0, offset: 0 }, 1);
    return pgTransaction(this.pool, READ_SNAPSHOT, async (c) => {
      const months = await c.query<MonthSums>(SQL.bankTransactionsByMonth(where), params);
      const categories = await c.query<CategorySums>(SQL.bankTransactionsByCategory(where), params);
      return bankSummary(months.rows, categories.rows);
    });
  }

  async getBankTransaction(ref: string): Promise<BankTransactionRow | null> {
    if (!UUID_RE.test(ref)) return null;
    const [r] = (await this.pool.query<RawBankTransaction>(SQL.getBankTransaction, [ref])).rows;
    return r ? toBankTransaction(r) : null;
  }

  async setTransactionCategory(ref: string, categoryId: number | null): Promise<BankTransactionRow | null> {
    if (!UUID_RE.test(ref)) return null;
    const [r] = (await this.pool.query<RawBankTransaction>(SQL.setTransactionCategory, [ref, categoryId])).rows;
    return r ? toBankTransaction(r) : null;
  }

  async listContractors(query: { search?: string; limit: number; offset: number }): Promise<{ items: ContractorRow[]; total: number }> {
    // The page takes its limit and offset as $1 and $2, so its search is $3.
    const page = contractorWhere(query.search, 3);
    const all = contractorWhere(query.search, 1);
    return pgTransaction(this.pool, READ_SNAPSHOT, async (c) => {
      const rows = await c.query<RawContractor>(SQL.listContractors(page.where), [query.limit, query.offset, ...page.params]);
      const count = await c.query<{ n: number }>(SQL.countContractors(all.where), all.params);
      return { items: rows.rows.map(toContractor), total: count.rows[0]!.n };
    });
  }

  async listCategories(): Promise<Category[]> {
    return (await this.pool.query<Category>(SQL.listCategories)).rows;
  }

  async insertCategory(c: Omit<Category, 'id'>): Promise<Category> {
    try {
      return (await this.pool.query<Category>(SQL.insertCategory, [c.name, c.direction])).rows[0]!;
    } catch (err) {
      if (isUniqueViolation(err)) throw new CategoryNameTakenError(c.name); // categories_name_idx on lower(name)
      throw err;
    }
  }

  async updateCategory(id: number, patch: Partial<Omit<Category, 'id'>>): Promise<Category | null> {
    const columns = patchedColumns(patch, CATEGORY_COLUMNS);
    const values = columns.map((k) => patch[k]);
    const [text, params] = columns.length === 0 ? [SQL.getCategory, [id]] : [SQL.updateCategory(setList(columns)), [id, ...values]];
    try {
      const [r] = (await this.pool.query<Category>(text, params)).rows;
      return r ?? null;
    } catch (err) {
      if (isUniqueViolation(err)) throw new CategoryNameTakenError(patch.name ?? '');
      throw err;
    }
  }

  async deleteCategory(id: number): Promise<boolean> {
    return pgTransaction(this.pool, 'BEGIN', async (c) => {
      // Cleared by hand rather than by ON DELETE SET NULL, which would leave the category_source behind.
      await c.query(SQL.clearCategory, [id]);
      return ((await c.query(SQL.deleteCategory, [id])).rowCount ?? 0) > 0; // its rules go by ON DELETE CASCADE
    });
  }

  async listRules(): Promise<ClassificationRule[]> {
    return (await this.pool.query<ClassificationRule>(SQL.listRules)).rows;
  }

  async insertRule(r: Omit<ClassificationRule, 'id'>): Promise<ClassificationRule> {
    const params = [r.category_id, r.priority, r.direction, jsonList(r.operation_kinds), jsonList(r.keywords), r.counterparty_ref];
    return (await this.pool.query<ClassificationRule>(SQL.insertRule, params)).rows[0]!;
  }

  async updateRule(id: number, patch: Partial<Omit<ClassificationRule, 'id'>>): Promise<ClassificationRule | null> {
    const columns = patchedColumns(patch, RULE_COLUMNS);
    const values = columns.map((k) => (k === 'operation_kinds' || k === 'keywords' ? jsonList(patch[k]!) : patch[k]));
    const [text, params] = columns.length === 0 ? [SQL.getRule, [id]] : [SQL.updateRule(setList(columns)), [id, ...values]];
    const [r] = (await this.pool.query<ClassificationRule>(text, params)).rows;
    return r ?? null;
  }

  async deleteRule(id: number): Promise<boolean> {
    return ((await this.pool.query(SQL.deleteRule, [id])).rowCount ?? 0) > 0;
  }
}
