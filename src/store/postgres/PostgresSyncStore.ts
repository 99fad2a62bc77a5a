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
} from '../../sync/index.js';
import { batchCheckpoint, batchCounts, lastByRef, mostUsedCategories, patchedColumns, roubles, type CategoryUse } from '../syncRecords.js';
import { checkpointQuery, toTaskRow, UUID_RE, type PostgresTaskStore, type RawTask } from './PostgresTaskStore.js';

/** A contractors row as node-postgres returns it. */
interface RawContractor extends Omit<ContractorRow, 'synced_at'> {
  synced_at: string;
}

/** A bank_transactions row joined with its category name (DATE kept as text by openPostgres). */
interface RawBankTransaction extends Omit<BankTransactionRow, 'amount' | 'synced_at'> {
  amount_kopecks: number;
  synced_at: string;
}

const toContractor = (r: RawContractor): ContractorRow => r;

function toBankTransaction(r: RawBankTransaction): BankTransactionRow {
  return {
    ref: r.ref,
    direction: r.direction,
    doc_type: r.doc_type,
    number: r.number,
    date: r.date,
    amount: roubles(r.amount_kopecks),
    currency_code: r.currency_code,
    counterparty_ref: r.counterparty_ref,
    counterparty_type: r.counterparty_type,
    counterparty_name: r.counterparty_name,
    purpose: r.purpose,
    operation_kind: r.operation_kind,
    posted: r.posted,
    data_version: r.data_version,
    category_id: r.category_id,
    category_name: r.category_name,
    category_source: r.category_source,
    synced_at: r.synced_at,
  };
}

// Records travel as one jsonb array per batch ($1) and are read back with these column types.
const CONTRACTOR_RECORD = `ref uuid, source text, name text, full_name text, inn text, kpp text, person_type text,
  deletion_mark boolean, data_version text`;
const BANK_RECORD = `ref uuid, direction text, doc_type text, number text, date date, amount_kopecks bigint,
  currency_code text, counterparty_ref uuid, counterparty_type text, counterparty_name text, purpose text,
  operation_kind text, posted boolean, data_version text, category_id int`;
const BANK_JOINED = `SELECT t.*, c.name AS category_name FROM bank_transactions t LEFT JOIN categories c ON c.id = t.category_id`;

const SQL = {
  // Params: $1 jsonb array of records
  contractorUpdate: `UPDATE contractors t SET source = x.source, name = x.name, full_name = x.full_name, inn = x.inn,
      kpp = x.kpp, person_type = x.person_type, deletion_mark = x.deletion_mark, data_version = x.data_version,
      synced_at = now()
    FROM jsonb_to_recordset($1::jsonb) AS x(${CONTRACTOR_RECORD})
    WHERE t.ref = x.ref AND t.data_version <> x.data_version`,
  contractorInsert: `INSERT INTO contractors (ref, source, name, full_name, inn, kpp, person_type, deletion_mark, data_version)
    SELECT x.ref, x.source, x.name, x.full_name, x.inn, x.kpp, x.person_type, x.deletion_mark, x.data_version
    FROM jsonb_to_recordset($1::jsonb) AS x(${CONTRACTOR_RECORD})
    ON CONFLICT (ref) DO NOTHING`,
  // Params: $1 jsonb array of records, $2 run id. A manual category is kept; otherwise the record's rule
  // category (or none) replaces the stored one.
  bankUpdate: `UPDATE bank_transactions t SET direction = x.direction, doc_type = x.doc_type, number = x.number,
      date = x.date, amount_kopecks = x.amount_kopecks, currency_code = x.currency_code,
      counterparty_ref = x.counterparty_ref, counterparty_type = x.counterparty_type,
      counterparty_name = x.counterparty_name, purpose = x.purpose, operation_kind = x.operation_kind,
      posted = x.posted, data_version = x.data_version,
      category_id = CASE WHEN t.category_source = 'manual' THEN t.category_id ELSE x.category_id END,
      category_source = CASE WHEN t.category_source = 'manual' THEN 'manual' WHEN x.category_id IS NULL THEN NULL ELSE 'rule' END,
      seen_run = $2, synced_at = now()
    FROM jsonb_to_recordset($1::jsonb) AS x(${BANK_RECORD})
    WHERE t.ref = x.ref AND t.data_version <> x.data_version
    RETURNING t.category_id`,
  bankInsert: `INSERT INTO bank_transactions (ref, direction, doc_type, number, date, amount_kopecks, currency_code,
      counterparty_ref, counterparty_type, counterparty_name, purpose, operation_kind, posted, data_version,
      category_id, category_source, seen_run)
    SELECT x.ref, x.direction, x.doc_type, x.number, x.date, x.amount_kopecks, x.currency_code, x.counterparty_ref,
      x.counterparty_type, x.counterparty_name, x.purpose, x.operation_kind, x.posted, x.data_version, x.category_id,
      CASE WHEN x.category_id IS NULL THEN NULL ELSE 'rule' END, $2
    FROM jsonb_to_recordset($1::jsonb) AS x(${BANK_RECORD})
    ON CONFLICT (ref) DO NOTHING
    RETURNING category_id`,
  // Params: $1 refs, $2 run id. Rows just created or updated already carry the run: this marks the skipped ones.
  bankSeen: `UPDATE bank_transactions SET seen_run = $2 WHERE ref = ANY($1::uuid[]) AND seen_run IS DISTINCT FROM $2`,
  // Params: $1 from, $2 to, $3 run id
  unseen: `SELECT ref::text AS ref, doc_type FROM bank_transactions
    WHERE date >= $1::date AND date <= $2::date AND seen_run IS DISTINCT FROM $3 ORDER BY ref`,
  // Params: $1 refs, $2 run id
  deleteUnseenByRef: `DELETE FROM bank_transactions WHERE ref = ANY($1::uuid[]) AND seen_run IS DISTINCT FROM $2`,
  // Params: $1 counterparty refs
  history: `SELECT counterparty_ref, category_id, count(*)::int AS n FROM bank_transactions
    WHERE counterparty_ref = ANY($1::uuid[]) AND category_id IS NOT NULL
    GROUP BY counterparty_ref, category_id`,
  contractorsByRef: `SELECT * FROM contractors WHERE ref = ANY($1::uuid[])`,
  bankByRef: `${BANK_JOINED} WHERE t.ref = $1`,
  // Params: $1 ref, $2 category id or null
  setCategory: `WITH u AS (
      UPDATE bank_transactions SET category_id = $2, category_source = CASE WHEN $2::int IS NULL THEN NULL ELSE 'manual' END
      WHERE ref = $1 RETURNING *)
    SELECT u.*, c.name AS category_name FROM u LEFT JOIN categories c ON c.id = u.category_id`,
  // COLLATE "C" (code point order) sorts as SQLite does, whatever the database's collation.
  categories: `SELECT * FROM categories ORDER BY name COLLATE "C", id`,
  insertCategory: `INSERT INTO categories (name, direction) VALUES ($1, $2) RETURNING *`,
  categoryById: `SELECT * FROM categories WHERE id = $1`,
  clearCategory: `UPDATE bank_transactions SET category_id = NULL, category_source = NULL WHERE category_id = $1`,
  deleteCategory: `DELETE FROM categories WHERE id = $1`,
  rules: `SELECT * FROM classification_rules ORDER BY priority, id`,
  insertRule: `INSERT INTO classification_rules (category_id, priority, direction, operation_kinds, keywords, counterparty_ref)
    VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6) RETURNING *`,
  ruleById: `SELECT * FROM classification_rules WHERE id = $1`,
  deleteRule: `DELETE FROM classification_rules WHERE id = $1`,
};

const RULE_COLUMNS = ['category_id', 'priority', 'direction', 'operation_kinds', 'keywords', 'counterparty_ref'] as const;
const CATEGORY_COLUMNS = ['name', 'direction'] as const;

// node-postgres would send a JS array as a PostgreSQL array literal, not JSON.
const jsonList = (list: string[] | null): string | null => (list === null ? null : JSON.stringify(list));

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
      const updated = (await c.query(SQL.contractorUpdate, [json])).rowCount ?? 0;
      const created = (await c.query(SQL.contractorInsert, [json])).rowCount ?? 0;
      // Counterparties carry no category: they count as neither classified nor unclassified.
      return { created, updated, categories: [] };
    });
  }

  async insertMissingContractors(records: readonly ContractorRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.pool.query(SQL.contractorInsert, [JSON.stringify(records)]);
  }

  async getContractors(refs: readonly string[]): Promise<Map<string, ContractorRow>> {
    const valid = refs.filter((r) => UUID_RE.test(r));
    if (valid.length === 0) return new Map();
    const rows = (await this.pool.query<RawContractor>(SQL.contractorsByRef, [valid])).rows;
    return new Map(rows.map((r) => [r.ref, toContractor(r)]));
  }

  async commitBankBatch(task: BatchTask, records: readonly BankTransactionRecord[], runId: string): Promise<BatchCounts> {
    const unique = lastByRef(records);
    const json = JSON.stringify(unique);
    return this.commitBatch(task, records.length, async (c) => {
      if (unique.length === 0) return { created: 0, updated: 0, categories: [] };
      const updated = (await c.query<{ category_id: number | null }>(SQL.bankUpdate, [json, runId])).rows;
      const created = (await c.query<{ category_id: number | null }>(SQL.bankInsert, [json, runId])).rows;
      await c.query(SQL.bankSeen, [unique.map((t) => t.ref), runId]);
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
      return await this.transaction('BEGIN', async (c) => {
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
    return (await this.pool.query<{ ref: string; doc_type: string }>(SQL.unseen, [dateFrom, dateTo, runId])).rows;
  }

  async deleteBankTransactions(refs: readonly string[], runId: string): Promise<number> {
    const valid = refs.filter((r) => UUID_RE.test(r));
    if (valid.length === 0) return 0;
    return (await this.pool.query(SQL.deleteUnseenByRef, [valid, runId])).rowCount ?? 0;
  }

  async categoryHistory(counterpartyRefs: readonly string[]): Promise<Map<string, number>> {
    const valid = counterpartyRefs.filter((r) => UUID_RE.test(r));
    if (valid.length === 0) return new Map();
    return mostUsedCategories((await this.pool.query<CategoryUse>(SQL.history, [valid])).rows);
  }

  async listBankTransactions(
    query: BankTransactionQuery,
  ): Promise<{ items: BankTransactionRow[]; total: number; sum_in: number; sum_out: number }> {
    const { where, params } = bankWhere(query);
    const n = params.length;
    // One snapshot for the page and the totals.
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
      const rows = await c.query<RawBankTransaction>(
        `${BANK_JOINED} ${where} ORDER BY t.date DESC, t.number COLLATE "C" DESC, t.ref DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, query.limit, query.offset],
      );
      const totals = await c.query<{ total: number; sum_in: number; sum_out: number }>(
        `SELECT count(*)::int AS total,
            coalesce(sum(t.amount_kopecks) FILTER (WHERE t.direction = 'in'), 0)::bigint AS sum_in,
            coalesce(sum(t.amount_kopecks) FILTER (WHERE t.direction = 'out'), 0)::bigint AS sum_out
          FROM bank_transactions t ${where}`,
        params,
      );
      const t = totals.rows[0]!;
      return { items: rows.rows.map(toBankTransaction), total: t.total, sum_in: roubles(t.sum_in), sum_out: roubles(t.sum_out) };
    });
  }

  async summarizeBankTransactions(query: Omit<BankTransactionQuery, 'limit' | 'offset'>): Promise<BankTransactionSummary> {
    const { where, params } = bankWhere({ ...query, limit: 0, offset: 0 });
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
      const months = await c.query<{ month: string; k_in: number; k_out: number }>(
        `SELECT to_char(t.date, 'YYYY-MM') AS month,
           coalesce(sum(t.amount_kopecks) FILTER (WHERE t.direction = 'in'), 0)::bigint AS k_in,
           coalesce(sum(t.amount_kopecks) FILTER (WHERE t.direction = 'out'), 0)::bigint AS k_out
         FROM bank_transactions t ${where} GROUP BY month ORDER BY month`,
        params,
      );
      const categories = await c.query<{
        category_id: number | null;
        category_name: string | null;
        direction: 'in' | 'out';
        k: number;
        n: number;
      }>(
        `SELECT t.category_id, c.name AS category_name, t.direction, sum(t.amount_kopecks)::bigint AS k, count(*)::int AS n
         FROM bank_transactions t LEFT JOIN categories c ON c.id = t.category_id ${where}
         GROUP BY t.category_id, c.name, t.direction ORDER BY k DESC`,
        params,
      );
      return {
        by_month: months.rows.map((m) => ({ month: m.month, sum_in: roubles(m.k_in), sum_out: roubles(m.k_out) })),
        by_category: categories.rows.map((r) => ({
          category_id: r.category_id,
          category_name: r.category_name,
          direction: r.direction,
          sum: roubles(r.k),
          count: r.n,
        })),
      };
    });
  }

  async getBankTransaction(ref: string): Promise<BankTransactionRow | null> {
    if (!UUID_RE.test(ref)) return null;
    const [r] = (await this.pool.query<RawBankTransaction>(SQL.bankByRef, [ref])).rows;
    return r ? toBankTransaction(r) : null;
  }

  async setTransactionCategory(ref: string, categoryId: number | null): Promise<BankTransactionRow | null> {
    if (!UUID_RE.test(ref)) return null;
    const [r] = (await this.pool.query<RawBankTransaction>(SQL.setCategory, [ref, categoryId])).rows;
    return r ? toBankTransaction(r) : null;
  }

  async listContractors(query: { search?: string; limit: number; offset: number }): Promise<{ items: ContractorRow[]; total: number }> {
    const params: unknown[] = query.search ? [likePattern(query.search)] : [];
    const where = query.search ? `WHERE name ILIKE $1 OR full_name ILIKE $1 OR inn ILIKE $1` : '';
    const n = params.length;
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
      const rows = await c.query<RawContractor>(
        `SELECT * FROM contractors ${where} ORDER BY name COLLATE "C", ref LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, query.limit, query.offset],
      );
      const count = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM contractors ${where}`, params);
      return { items: rows.rows.map(toContractor), total: count.rows[0]!.n };
    });
  }

  async listCategories(): Promise<Category[]> {
    return (await this.pool.query<Category>(SQL.categories)).rows;
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
    try {
      const [r] = (await this.pool.query<Category>(...updateQuery('categories', columns, values, id, SQL.categoryById))).rows;
      return r ?? null;
    } catch (err) {
      if (isUniqueViolation(err)) throw new CategoryNameTakenError(patch.name ?? '');
      throw err;
    }
  }

  async deleteCategory(id: number): Promise<boolean> {
    return this.transaction('BEGIN', async (c) => {
      // Cleared by hand rather than by ON DELETE SET NULL, which would leave the category_source behind.
      await c.query(SQL.clearCategory, [id]);
      return ((await c.query(SQL.deleteCategory, [id])).rowCount ?? 0) > 0; // its rules go by ON DELETE CASCADE
    });
  }

  async listRules(): Promise<ClassificationRule[]> {
    return (await this.pool.query<ClassificationRule>(SQL.rules)).rows;
  }

  async insertRule(r: Omit<ClassificationRule, 'id'>): Promise<ClassificationRule> {
    const params = [r.category_id, r.priority, r.direction, jsonList(r.operation_kinds), jsonList(r.keywords), r.counterparty_ref];
    return (await this.pool.query<ClassificationRule>(SQL.insertRule, params)).rows[0]!;
  }

  async updateRule(id: number, patch: Partial<Omit<ClassificationRule, 'id'>>): Promise<ClassificationRule | null> {
    const columns = patchedColumns(patch, RULE_COLUMNS);
    const values = columns.map((k) => (k === 'operation_kinds' || k === 'keywords' ? jsonList(patch[k]!) : patch[k]));
    const [r] = (await this.pool.query<ClassificationRule>(...updateQuery('classification_rules', columns, values, id, SQL.ruleById))).rows;
    return r ?? null;
  }

  async deleteRule(id: number): Promise<boolean> {
    return ((await this.pool.query(SQL.deleteRule, [id])).rowCount ?? 0) > 0;
  }

  /** Runs `work` between `begin` and COMMIT on one pooled client; ROLLBACK on any error. */
  private async transaction<T>(begin: string, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let broken: Error | undefined;
    // A checked-out client has no error listener of the pool's: a connection dropped under the transaction
    // (PostgreSQL restarted, the backend terminated) would be emitted as an 'error' nobody hears, and that
    // ends the process. The query under way fails on its own; the client is then discarded on release.
    const onError = (err: Error) => (broken ??= err);
    c.on('error', onError);
    try {
      await c.query(begin);
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      // A client whose ROLLBACK fails is in an unknown state: release(err) discards it from the pool.
      await c.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      c.off('error', onError);
      c.release(broken);
    }
  }
}

/** UPDATE ... SET <given columns> ... RETURNING *, or the plain read when nothing is given. */
function updateQuery(table: string, columns: readonly string[], values: unknown[], id: number, readById: string): [string, unknown[]] {
  if (columns.length === 0) return [readById, [id]];
  // jsonb columns take their JSON text; node-postgres infers nothing else that needs a cast.
  const cast = (k: string) => (k === 'operation_kinds' || k === 'keywords' ? '::jsonb' : '');
  const set = columns.map((k, i) => `${k} = $${i + 2}${cast(k)}`).join(', ');
  return [`UPDATE ${table} SET ${set} WHERE id = $1 RETURNING *`, [id, ...values]];
}

/** An ILIKE pattern matching `text` anywhere, its own % _ and \ taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** WHERE clause (and its positional parameters) of a transactions list. */
function bankWhere(q: BankTransactionQuery): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (n: string) => string, value: unknown) => {
    params.push(value);
    conds.push(cond(`$${params.length}`));
  };
  if (q.date_from !== undefined) add((n) => `t.date >= ${n}::date`, q.date_from);
  if (q.date_to !== undefined) add((n) => `t.date <= ${n}::date`, q.date_to);
  if (q.direction !== undefined) add((n) => `t.direction = ${n}`, q.direction);
  if (q.category === 'none') conds.push('t.category_id IS NULL');
  else if (q.category !== undefined) add((n) => `t.category_id = ${n}::int`, q.category);
  // ILIKE folds case by the database's ctype, which handles Cyrillic in any UTF-8 locale but plain C.
  if (q.search) add((n) => `(t.purpose ILIKE ${n} OR t.number ILIKE ${n} OR t.counterparty_name ILIKE ${n})`, likePattern(q.search));
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}
