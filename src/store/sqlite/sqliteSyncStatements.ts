/** The SQLite sync store's statements, one file each under sql/sync/ (each with a header naming its parameters). */
import type Database from 'better-sqlite3';
import type { Category } from '../../sync/port.js';
import { readSqlBeside, sqlStatement } from '../sqlFiles.js';
import { sqlTemplate } from '../sqlTemplate.js';
import type { CategoryUse } from '../syncRecords.js';
import type { RawBankTransaction, RawContractor, RawRule } from './sqliteSyncRows.js';

const FILES = readSqlBeside(import.meta.url, 'sql', 'sync');
const sql = (name: string) => sqlStatement(FILES, name);
const where = (name: string) => sqlTemplate(FILES, name, 'where');
const set = (name: string) => sqlTemplate(FILES, name, 'set');

/**
 * The statements, read once at module load, so a missing file (or a template without its slot) stops start-up.
 * Templates are functions of the text for their slot: a WHERE clause (sqliteSyncFilters) or a SET list; the
 * store prepares what they give (and caches the list statements by their WHERE clause).
 */
export const SQL = {
  updateContractor: sql('updateContractor'),
  insertContractor: sql('insertContractor'),
  getContractors: sql('getContractors'),
  listContractors: where('listContractors'),
  countContractors: where('countContractors'),
  updateBankTransaction: sql('updateBankTransaction'),
  insertBankTransaction: sql('insertBankTransaction'),
  markBankTransactionSeen: sql('markBankTransactionSeen'),
  listUnseenBankTransactions: sql('listUnseenBankTransactions'),
  deleteBankTransactions: sql('deleteBankTransactions'),
  categoryHistory: sql('categoryHistory'),
  listBankTransactions: where('listBankTransactions'),
  bankTransactionTotals: where('bankTransactionTotals'),
  bankTransactionsByMonth: where('bankTransactionsByMonth'),
  bankTransactionsByCategory: where('bankTransactionsByCategory'),
  getBankTransaction: sql('getBankTransaction'),
  setTransactionCategory: sql('setTransactionCategory'),
  listCategories: sql('listCategories'),
  categoryNameTaken: sql('categoryNameTaken'),
  insertCategory: sql('insertCategory'),
  getCategory: sql('getCategory'),
  updateCategory: set('updateCategory'),
  clearCategory: sql('clearCategory'),
  deleteCategory: sql('deleteCategory'),
  listRules: sql('listRules'),
  insertRule: sql('insertRule'),
  getRule: sql('getRule'),
  updateRule: set('updateRule'),
  deleteRule: sql('deleteRule'),
};

/** A prepared statement returning rows of type R. */
export type Stmt<R = unknown> = Database.Statement<unknown[], R>;

/** The fixed statements prepared on `db` (whose schema must exist), each typed with the rows it returns. */
export function prepareSyncStatements(db: Database.Database) {
  const p = <R>(sql: string) => db.prepare(sql) as Stmt<R>;
  return {
    updateContractor: p(SQL.updateContractor),
    insertContractor: p(SQL.insertContractor),
    getContractors: p<RawContractor>(SQL.getContractors),
    updateBankTransaction: p<{ category_id: number | null }>(SQL.updateBankTransaction),
    insertBankTransaction: p<{ category_id: number | null }>(SQL.insertBankTransaction),
    markBankTransactionSeen: p(SQL.markBankTransactionSeen),
    listUnseenBankTransactions: p<{ ref: string; doc_type: string }>(SQL.listUnseenBankTransactions),
    deleteBankTransactions: p(SQL.deleteBankTransactions),
    categoryHistory: p<CategoryUse>(SQL.categoryHistory),
    getBankTransaction: p<RawBankTransaction>(SQL.getBankTransaction),
    setTransactionCategory: p(SQL.setTransactionCategory),
    listCategories: p<Category>(SQL.listCategories),
    categoryNameTaken: p(SQL.categoryNameTaken),
    insertCategory: p<Category>(SQL.insertCategory),
    getCategory: p<Category>(SQL.getCategory),
    clearCategory: p(SQL.clearCategory),
    deleteCategory: p(SQL.deleteCategory),
    listRules: p<RawRule>(SQL.listRules),
    insertRule: p<RawRule>(SQL.insertRule),
    getRule: p<RawRule>(SQL.getRule),
    deleteRule: p(SQL.deleteRule),
  };
}

/** The prepared statements of one store. */
export type SyncStatements = ReturnType<typeof prepareSyncStatements>;

/** Statements prepared from templates, kept by the WHERE clause they were filled with: a list re-run with the same filters reuses them. */
export class PreparedByWhere<T> {
  private readonly byWhere = new Map<string, T>();

  constructor(private readonly prepare: (where: string) => T) {}

  /** The statements for `where`, prepared on first use. */
  get(where: string): T {
    let prepared = this.byWhere.get(where);
    if (!prepared) {
      prepared = this.prepare(where);
      this.byWhere.set(where, prepared);
    }
    return prepared;
  }
}
