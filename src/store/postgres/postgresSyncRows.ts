/** Conversions between the sync store's records and PostgreSQL rows (kopecks, JSON lists as text). */
import type { BankTransactionRow, ContractorRow } from '../../sync/port.js';
import { roubles } from '../syncRecords.js';

/** A contractors row as node-postgres returns it. */
export interface RawContractor extends Omit<ContractorRow, 'synced_at'> {
  synced_at: string;
}

/** A bank_transactions row joined with its category name (DATE kept as text by openPostgres). */
export interface RawBankTransaction extends Omit<BankTransactionRow, 'amount' | 'synced_at'> {
  amount_kopecks: number;
  synced_at: string;
}

/** A contractors row as the API returns it (node-postgres already gives it so). */
export const toContractor = (r: RawContractor): ContractorRow => r;

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
    posted: r.posted,
    data_version: r.data_version,
    category_id: r.category_id,
    category_name: r.category_name,
    category_source: r.category_source,
    synced_at: r.synced_at,
  };
}

/** A JSON list as the text a jsonb parameter takes: node-postgres would send a JS array as a PostgreSQL array literal. */
export const jsonList = (list: string[] | null): string | null => (list === null ? null : JSON.stringify(list));
