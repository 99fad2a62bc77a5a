/** Conversions between the sync store's records and SQLite rows (integers for booleans, ms for times, JSON text). */
import { roubles } from '../syncRecords.js';
import type { BankTransactionRecord, BankTransactionRow, ClassificationRule, ContractorRecord, ContractorRow } from '../../sync/port.js';

/** A contractors row as SQLite returns it. */
export interface RawContractor extends Omit<ContractorRow, 'deletion_mark' | 'synced_at'> {
  deletion_mark: number;
  synced_at: number;
}

/** A bank_transactions row joined with its category name, as SQLite returns it. */
export interface RawBankTransaction extends Omit<BankTransactionRow, 'amount' | 'posted' | 'synced_at'> {
  amount_kopecks: number;
  posted: number;
  synced_at: number;
}

/** A classification_rules row as SQLite returns it (JSON arrays as text). */
export interface RawRule extends Omit<ClassificationRule, 'operation_kinds' | 'keywords'> {
  operation_kinds: string | null;
  keywords: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A contractors row as the API returns it. */
export const toContractor = (r: RawContractor): ContractorRow => ({
  ...r,
  deletion_mark: r.deletion_mark === 1,
  synced_at: iso(r.synced_at),
});

/** A bank_transactions row (joined with its category name) as the API returns it. */
export function toBankTransaction(r: RawBankTransaction): BankTransactionRow {
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
    posted: r.posted === 1,
    data_version: r.data_version,
    category_id: r.category_id,
    category_name: r.category_name,
    category_source: r.category_source,
    synced_at: iso(r.synced_at),
  };
}

const parseList = (text: string | null): string[] | null => (text === null ? null : (JSON.parse(text) as string[]));
/** A classification_rules row with its JSON lists parsed. */
export const toRule = (r: RawRule): ClassificationRule => ({
  ...r,
  operation_kinds: parseList(r.operation_kinds),
  keywords: parseList(r.keywords),
});

// Refs are lower-case GUIDs; folding here answers a look-up by an upper-case ref as PostgreSQL's uuid does.
const lowerRef = (ref: string | null): string | null => (ref === null ? null : ref.toLowerCase());

/** The named parameters of a counterparty write. */
export const contractorParams = (c: ContractorRecord, now: number) => ({
  ref: c.ref.toLowerCase(),
  source: c.source,
  name: c.name,
  full_name: c.full_name,
  inn: c.inn,
  kpp: c.kpp,
  person_type: c.person_type,
  deletion_mark: c.deletion_mark ? 1 : 0,
  data_version: c.data_version,
  now,
});

/** The named parameters of a bank transaction write by run `run` at `now` (ms). */
export const bankParams = (t: BankTransactionRecord, run: string, now: number) => ({
  ref: t.ref.toLowerCase(),
  direction: t.direction,
  doc_type: t.doc_type,
  number: t.number,
  date: t.date,
  amount_kopecks: t.amount_kopecks,
  currency_code: t.currency_code,
  counterparty_ref: lowerRef(t.counterparty_ref),
  counterparty_type: t.counterparty_type,
  counterparty_name: t.counterparty_name,
  purpose: t.purpose,
  operation_kind: t.operation_kind,
  posted: t.posted ? 1 : 0,
  data_version: t.data_version,
  category_id: t.category_id,
  run,
  now,
});

/** The named parameters of a rule write; fields left undefined stay undefined (not written). */
export const ruleParams = (r: Partial<Omit<ClassificationRule, 'id'>>) => ({
  ...r,
  operation_kinds: r.operation_kinds === undefined ? undefined : r.operation_kinds === null ? null : JSON.stringify(r.operation_kinds),
  keywords: r.keywords === undefined ? undefined : r.keywords === null ? null : JSON.stringify(r.keywords),
  counterparty_ref: r.counterparty_ref === undefined ? undefined : lowerRef(r.counterparty_ref),
});
