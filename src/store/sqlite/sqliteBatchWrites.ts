/**
 * The record writes of a sync batch on SQLite, run inside the batch's transaction (see SqliteSyncStore.commitBatch):
 * per record a guarded UPDATE (only when the data_version differs), else an INSERT that does nothing when the
 * ref exists, in which case the record is skipped. Prepared statements make a row at a time cheap on SQLite.
 */
import type { BankTransactionRecord, ContractorRecord } from '../../sync/port.js';
import { lastByRef } from '../syncRecords.js';
import { bankParams, contractorParams } from './sqliteSyncRows.js';
import type { SyncStatements } from './sqliteSyncStatements.js';

/** What a batch's writes did: the rows created and updated, and the resulting category of each. */
export interface BatchWrites {
  created: number;
  updated: number;
  categories: (number | null)[];
}

/** Writes a batch of counterparties (the last record of each ref). */
export function writeContractorRecords(s: SyncStatements, records: readonly ContractorRecord[]): BatchWrites {
  const now = Date.now();
  let created = 0;
  let updated = 0;
  for (const c of lastByRef(records)) {
    const params = contractorParams(c, now);
    if (s.updateContractor.run(params).changes > 0) updated++;
    else if (s.insertContractor.run(params).changes > 0) created++;
  }
  // Counterparties carry no category: they count as neither classified nor unclassified.
  return { created, updated, categories: [] };
}

/** Writes a batch of bank transactions (the last record of each ref) for run `runId`, marking each seen by it. */
export function writeBankRecords(s: SyncStatements, records: readonly BankTransactionRecord[], runId: string): BatchWrites {
  const now = Date.now();
  let created = 0;
  let updated = 0;
  const categories: (number | null)[] = [];
  for (const t of lastByRef(records)) {
    const params = bankParams(t, runId, now);
    const changed = s.updateBankTransaction.get(params);
    if (changed) {
      updated++;
      categories.push(changed.category_id);
      continue;
    }
    const inserted = s.insertBankTransaction.get(params);
    if (inserted) {
      created++;
      categories.push(inserted.category_id);
      continue;
    }
    s.markBankTransactionSeen.run(params); // same data_version: only mark it seen by this run
  }
  return { created, updated, categories };
}
