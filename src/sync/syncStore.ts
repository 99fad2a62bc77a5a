/**
 * Storage of the data the 1C sync brings in: counterparties, bank transactions, and the categories and
 * rules that classify transactions. Both backends implement {@link SyncStore}; its conformance suite is
 * test/store/conformance/describeSyncStore.ts.
 */
import { TaskcastError, type Fence, type ProgressUpdate, type TaskRow } from '../engine/index.js';

import type { BankTransaction, Category, Contractor, ContractorSource, TransactionSummary } from '../wire/index.js';

export type { ContractorSource, Category } from '../wire/index.js';

/** A counterparty as the sync writes it. */
export interface ContractorRecord {
  /** Ref_Key (lower-case GUID). */
  ref: string;
  source: ContractorSource;
  name: string;
  full_name: string;
  inn: string;
  kpp: string;
  /** ЮридическоеФизическоеЛицо; individuals (ФизическиеЛица) are 'individual'. */
  person_type: 'legal' | 'individual' | null;
  deletion_mark: boolean;
  data_version: string;
}

/** A counterparty as stored and returned by the data API. */
export type ContractorRow = Contractor;

/** A bank transaction as the sync writes it. */
export interface BankTransactionRecord {
  /** Ref_Key of the 1C document. */
  ref: string;
  direction: 'in' | 'out';
  /** The 1C set: Document_ПоступлениеНаРасчетныйСчет or Document_СписаниеСРасчетногоСчета. */
  doc_type: string;
  number: string;
  /** YYYY-MM-DD. */
  date: string;
  /** In kopecks (integer), so sums are exact. */
  amount_kopecks: number;
  /** ISO numeric currency code, e.g. "643"; null when unknown. */
  currency_code: string | null;
  counterparty_ref: string | null;
  counterparty_type: ContractorSource | null;
  /** The counterparty's name when it is known (resolved), else null. */
  counterparty_name: string | null;
  purpose: string;
  operation_kind: string;
  posted: boolean;
  data_version: string;
  /** The category a rule chose (null: none); applied only when the record is created or updated. */
  category_id: number | null;
}

/** A bank transaction as stored and returned by the data API. */
export type BankTransactionRow = BankTransaction;

/** The task a batch belongs to: its progress and resume cursor are written in the same transaction. */
export interface BatchTask {
  taskId: string;
  fence: Fence;
  progress: ProgressUpdate;
  /** Resume cursor (JSON). */
  checkpoint: unknown;
  /**
   * When given, builds the progress and the cursor from this batch's own counts (known only once its
   * records are written, inside the transaction), replacing `progress` and `checkpoint`; so a resumed run
   * continues from counts that include the batch.
   */
  withCounts?: (counts: Omit<BatchCounts, 'task'>) => { progress: ProgressUpdate; checkpoint: unknown };
}

/** What a committed batch did. */
export interface BatchCounts {
  created: number;
  updated: number;
  /** Same DataVersion as stored: nothing written. */
  skipped: number;
  /** Among created and updated: given a category (by rule) / left without one. */
  classified: number;
  unclassified: number;
  /** The task row after its progress write (to publish). */
  task: TaskRow;
}

/** Filter and page of the bank transactions list (dates inclusive). */
export interface BankTransactionQuery {
  date_from?: string;
  date_to?: string;
  direction?: 'in' | 'out';
  /** A category id, or 'none' for unclassified ones. */
  category?: number | 'none';
  /** Case-insensitive substring of the purpose, number or counterparty name. */
  search?: string;
  limit: number;
  offset: number;
}

/** Sums of a selection of transactions, in roubles. */
export type BankTransactionSummary = TransactionSummary;

/** A classification rule: every condition given must match; lower priority number is tried first. */
export interface ClassificationRule {
  id: number;
  category_id: number;
  priority: number;
  direction: 'in' | 'out' | null;
  /** ВидОперации values; null: any. */
  operation_kinds: string[] | null;
  /** Keywords of the payment purpose (matched after case, ё/е and word-form folding); null: any. */
  keywords: string[] | null;
  /** A counterparty Ref_Key; null: any. */
  counterparty_ref: string | null;
}

/** Storage of the synced 1C data. All methods are atomic. */
export interface SyncStore {
  /**
   * Upserts counterparties by ref (created / updated when data_version differs / skipped when equal) and
   * writes the task's progress and checkpoint, in one transaction. A fenced task write that is refused
   * (lease lost, task no longer running) rolls the whole batch back and throws the task store's error.
   */
  commitContractorBatch(task: BatchTask, records: readonly ContractorRecord[]): Promise<BatchCounts>;
  /** Inserts counterparties that are not stored yet (resolution of unknown references); others untouched. */
  insertMissingContractors(records: readonly ContractorRecord[]): Promise<void>;
  /** Stored counterparties among these refs. */
  getContractors(refs: readonly string[]): Promise<Map<string, ContractorRow>>;
  /**
   * Upserts bank transactions by ref like commitContractorBatch, marking each one (skipped ones too) as
   * seen by `runId`; category_id is written only on create/update and never over a manual category.
   */
  commitBankBatch(task: BatchTask, records: readonly BankTransactionRecord[], runId: string): Promise<BatchCounts>;
  /** After a complete pass over [from, to]: the stored transactions of the period not seen by `runId` (to confirm in 1C). */
  listUnseenBankTransactions(dateFrom: string, dateTo: string, runId: string): Promise<{ ref: string; doc_type: string }[]>;
  /** Deletes these transactions, except any seen by `runId` meanwhile (a row the run saw is never deleted). */
  deleteBankTransactions(refs: readonly string[], runId: string): Promise<number>;
  /** The most frequent category of each counterparty's stored transactions (its history). */
  categoryHistory(counterpartyRefs: readonly string[]): Promise<Map<string, number>>;
  listBankTransactions(
    query: BankTransactionQuery,
  ): Promise<{ items: BankTransactionRow[]; total: number; sum_in: number; sum_out: number }>;
  /** Sums of the selection (paging ignored) per month and per category, for the charts. */
  summarizeBankTransactions(query: Omit<BankTransactionQuery, 'limit' | 'offset'>): Promise<BankTransactionSummary>;
  getBankTransaction(ref: string): Promise<BankTransactionRow | null>;
  /** Sets a category by hand (source 'manual'); null removes it. Returns the row, or null when missing. */
  setTransactionCategory(ref: string, categoryId: number | null): Promise<BankTransactionRow | null>;
  /** Counterparties by name/INN substring, ordered by name. */
  listContractors(query: { search?: string; limit: number; offset: number }): Promise<{ items: ContractorRow[]; total: number }>;

  listCategories(): Promise<Category[]>;
  /** Throws CategoryNameTakenError on a duplicate name. */
  insertCategory(c: Omit<Category, 'id'>): Promise<Category>;
  updateCategory(id: number, patch: Partial<Omit<Category, 'id'>>): Promise<Category | null>;
  /** Deletes a category, its rules, and clears it from transactions; false when missing. */
  deleteCategory(id: number): Promise<boolean>;
  listRules(): Promise<ClassificationRule[]>;
  insertRule(r: Omit<ClassificationRule, 'id'>): Promise<ClassificationRule>;
  updateRule(id: number, patch: Partial<Omit<ClassificationRule, 'id'>>): Promise<ClassificationRule | null>;
  deleteRule(id: number): Promise<boolean>;
}

/** A category with this name already exists (names are unique regardless of case). */
export class CategoryNameTakenError extends TaskcastError {
  // Not `name`: that is the error class's name (Error.name).
  constructor(readonly categoryName: string) {
    super('CATEGORY_NAME_TAKEN', `Category "${categoryName}" already exists`);
  }
}
