import { BANK_DOCUMENT_FIELDS, isBankDocumentSet, type BankDocumentSet, type ODataClient, type ODataRecord } from '../onec/index.js';
import type { SyncStore } from './syncStore.js';

/** What the deletion check found among the stored transactions a pass did not see. */
export interface ReconcileOutcome {
  /** Stored transactions of the period the pass did not see. */
  unseen: number;
  /** Of those: 1C no longer has them (deleted for good). */
  gone: number;
  /** Of those: 1C has them marked for deletion. */
  marked: number;
  /** Of those: live in 1C (skipped by a moved page boundary, or moved to another date): refreshed, never deleted. */
  live: number;
  /** Rows actually deleted. */
  deleted: number;
}

/** Fields asked when confirming by key: just enough to tell live from marked (a short $select leaves room for keys). */
const CONFIRM_FIELDS = ['Ref_Key', 'DeletionMark'] as const;

/**
 * The deletion step of the bank sync, after a complete pass over [from, to]. A stored transaction the pass did
 * not see is not deleted on that evidence alone: offset paging skips a record whenever 1C's data moves under
 * it. Each one is asked for by key (`Ref_Key eq guid'…' or …`, groups within the query budget) and deleted
 * only when 1C no longer has it or has it marked for deletion; a live one is read in full and handed to
 * `refresh` (stored again, so seen by the run). A transaction of an unknown set is left alone.
 */
export async function reconcileDeletions(
  client: ODataClient,
  store: SyncStore,
  period: { from: string; to: string; runId: string },
  refresh: (set: BankDocumentSet, records: ODataRecord[]) => Promise<void>,
  signal: AbortSignal,
): Promise<ReconcileOutcome> {
  const unseen = await store.listUnseenBankTransactions(period.from, period.to, period.runId);
  const outcome: ReconcileOutcome = { unseen: unseen.length, gone: 0, marked: 0, live: 0, deleted: 0 };
  const toDelete: string[] = [];
  const bySet = new Map<BankDocumentSet, string[]>();
  for (const { ref, doc_type } of unseen) {
    if (!isBankDocumentSet(doc_type)) continue;
    bySet.set(doc_type, [...(bySet.get(doc_type) ?? []), ref]);
  }
  for (const [set, refs] of bySet) {
    const found = new Map<string, boolean>();
    for await (const record of client.iterateByRefs(set, refs, { select: CONFIRM_FIELDS, signal })) {
      found.set(String(record.Ref_Key).toLowerCase(), record.DeletionMark === true);
    }
    const live: string[] = [];
    for (const ref of refs) {
      const marked = found.get(ref.toLowerCase());
      if (marked === undefined) outcome.gone++;
      else if (marked) outcome.marked++;
      else live.push(ref);
      if (marked !== false) toDelete.push(ref);
    }
    outcome.live += live.length;
    if (live.length > 0) {
      const records: ODataRecord[] = [];
      for await (const record of client.iterateByRefs(set, live, { select: BANK_DOCUMENT_FIELDS, signal })) records.push(record);
      // Marked or deleted between the two requests: the next sync deletes it; this one keeps it.
      await refresh(
        set,
        records.filter((r) => r.DeletionMark !== true),
      );
    }
  }
  outcome.deleted = await store.deleteBankTransactions(toDelete, period.runId);
  return outcome;
}
