/** The PostgreSQL sync store's statements, one file each under sql/sync/ (each with a header naming its parameters). */
import { readSqlBeside, sqlStatement } from '../sqlFiles.js';
import { sqlTemplate } from '../sqlTemplate.js';

const FILES = readSqlBeside(import.meta.url, 'sql', 'sync');
const sql = (name: string) => sqlStatement(FILES, name);
const where = (name: string) => sqlTemplate(FILES, name, 'where');
const set = (name: string) => sqlTemplate(FILES, name, 'set');
/**
 * The statements, read once at module load, so a missing file (or a template without its slot) stops start-up.
 * Templates are functions of the text for their slot: a WHERE clause (postgresSyncFilters) or a SET list.
 */
export const SQL = {
  updateContractors: sql('updateContractors'),
  insertContractors: sql('insertContractors'),
  getContractors: sql('getContractors'),
  listContractors: where('listContractors'),
  countContractors: where('countContractors'),
  updateBankTransactions: sql('updateBankTransactions'),
  insertBankTransactions: sql('insertBankTransactions'),
  markBankTransactionsSeen: sql('markBankTransactionsSeen'),
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
