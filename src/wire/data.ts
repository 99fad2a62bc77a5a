/** The data the 1C sync brings in, as the data API returns it. */

/** Money direction of a bank transaction. */
export type Direction = 'in' | 'out';

/** Which 1C catalog a counterparty comes from. */
export type ContractorSource = 'Catalog_Контрагенты' | 'Catalog_ФизическиеЛица';

/** A counterparty from 1C. */
export interface Contractor {
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
  synced_at: string;
}

/** A bank transaction. */
export interface BankTransaction {
  /** Ref_Key of the 1C document. */
  ref: string;
  direction: Direction;
  /** The 1C set: Document_ПоступлениеНаРасчетныйСчет or Document_СписаниеСРасчетногоСчета. */
  doc_type: string;
  number: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Roubles with kopecks, e.g. 1234.5. */
  amount: number;
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
  category_id: number | null;
  category_name: string | null;
  /** 'rule' (set by classification), 'manual' (set by a person, never overwritten by a sync) or null. */
  category_source: 'rule' | 'manual' | null;
  synced_at: string;
}

/** One page of transactions with the sums of every matching one (GET /api/v1/bank-transactions). */
export interface TransactionPage {
  items: BankTransaction[];
  total: number;
  sum_in: number;
  sum_out: number;
}

/** A page of counterparties. */
export interface ContractorPage {
  items: Contractor[];
  total: number;
}

/** A category of transactions. */
export interface Category {
  id: number;
  name: string;
  /** Which transactions it is meant for. */
  direction: Direction | 'any';
}

/** Income and expenses of one calendar month. */
export interface MonthTotals {
  /** YYYY-MM. */
  month: string;
  sum_in: number;
  sum_out: number;
}

/** The sum of one category in one direction (category_id null: without a category). */
export interface CategoryTotal {
  category_id: number | null;
  category_name: string | null;
  direction: Direction;
  sum: number;
  /** Transactions counted. */
  count: number;
}

/** Sums of a selection of transactions, in roubles. */
export interface TransactionSummary {
  /** Per calendar month, oldest first. */
  by_month: MonthTotals[];
  /** Per category and direction, largest first. */
  by_category: CategoryTotal[];
}
