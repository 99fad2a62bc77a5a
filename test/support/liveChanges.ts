/**
 * Changes to 1C's data in the middle of a bank sync, for the tests that check no live document is ever deleted
 * locally: where the sync is in its page sequence, which document lies just before or after that point, and
 * the changes an accountant makes (insert, delete, mark for deletion, edit, move to another date).
 */
import {
  BANK_DOCUMENT_SETS,
  monthWindows,
  type BankDocumentSet,
  type DateWindow,
  type HookedRequest,
  type RunningSimulator,
  type WireRecord,
} from '../../src/onec/index.js';
import type { Storage } from '../../src/store/index.js';

/** The kinds of change. */
export const CHANGE_KINDS = ['insert', 'remove', 'mark', 'edit', 'move'] as const;
/** One kind of change. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];
/** Where, relative to the sync's position, the changed document lies. */
export type Side = 'before' | 'after';

/** Live (not deletion-marked) documents of one set dated in the window, in the order the sync reads them (Ref_Key). */
function windowRecords(sim: RunningSimulator, set: BankDocumentSet, window: DateWindow): WireRecord[] {
  return (sim.data.list(set) as WireRecord[])
    .filter((r) => !r.DeletionMark && String(r.Date).slice(0, 10) >= window.from && String(r.Date).slice(0, 10) <= window.to)
    .sort((a, b) => (String(a.Ref_Key) < String(b.Ref_Key) ? -1 : 1));
}

/** Every live document of the period in the sync's read order: window by window, Ref_Key within a window. */
export function readOrder(sim: RunningSimulator, set: BankDocumentSet, from: string, to: string): WireRecord[] {
  return monthWindows(from, to).flatMap((w) => windowRecords(sim, set, w));
}

/** Position in {@link readOrder} of offset `offset` of window `windowIndex`. */
export function globalPosition(
  sim: RunningSimulator,
  set: BankDocumentSet,
  from: string,
  to: string,
  windowIndex: number,
  offset: number,
): number {
  const windows = monthWindows(from, to);
  let position = offset;
  for (let w = 0; w < windowIndex; w++) position += windowRecords(sim, set, windows[w]!).length;
  return position;
}

/** The window index and $skip of a page request of the sync, or null for other requests. */
export function pageRequest(
  request: HookedRequest,
  from: string,
  to: string,
): { set: BankDocumentSet; windowIndex: number; skip: number } | null {
  const set = BANK_DOCUMENT_SETS.find((s) => request.path === s);
  const filter = request.params.get('$filter') ?? '';
  const skip = request.params.get('$skip');
  if (!set || skip === undefined || !filter.includes('DeletionMark eq false')) return null;
  const windowIndex = monthWindows(from, to).findIndex((w) => filter.includes(`Date ge datetime'${w.from}T00:00:00'`));
  return windowIndex < 0 ? null : { set, windowIndex, skip: Number(skip) };
}

/** A GUID just below `ref` in 1C's (string) order, so a document inserted with it lands right before `ref`. */
function refJustBefore(ref: string): string {
  const hex = (BigInt(`0x${ref.replace(/-/g, '')}`) - 1n).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Applies one change to (or next to) `target`; returns the Ref_Key of the document changed or added. */
export function applyChange(sim: RunningSimulator, set: BankDocumentSet, kind: ChangeKind, target: WireRecord): string {
  const ref = String(target.Ref_Key);
  switch (kind) {
    case 'insert': {
      const { Ref_Key: _r, DataVersion: _v, ...fields } = target;
      return String(sim.data.insert(set, { ...fields, Ref_Key: refJustBefore(ref), Number: `НОВ-${ref.slice(0, 4)}` }).Ref_Key);
    }
    case 'remove':
      sim.data.remove(set, ref);
      return ref;
    case 'mark':
      sim.data.setDeletionMark(set, ref);
      return ref;
    case 'edit':
      sim.data.update(set, ref, { НазначениеПлатежа: `Исправлено во время синхронизации ${ref.slice(0, 8)}` });
      return ref;
    case 'move': {
      // To the same day of another month: out of its window (into one already read, or one still to come).
      const date = String(target.Date);
      const month = Number(date.slice(5, 7));
      const other = month === 1 ? 2 : month - 1;
      sim.data.update(set, ref, { Date: `${date.slice(0, 5)}${String(other).padStart(2, '0')}-15${date.slice(10)}` });
      return ref;
    }
  }
}

/** Live documents of both sets dated in [from, to]: Ref_Key → DataVersion (what the local table must converge to). */
export function liveIn1C(sim: RunningSimulator, from: string, to: string): Map<string, string> {
  const live = new Map<string, string>();
  for (const set of BANK_DOCUMENT_SETS) {
    for (const r of sim.data.list(set) as WireRecord[]) {
      const day = String(r.Date).slice(0, 10);
      if (!r.DeletionMark && day >= from && day <= to) live.set(String(r.Ref_Key), String(r.DataVersion));
    }
  }
  return live;
}

/** Every stored transaction: Ref_Key → DataVersion. */
export async function storedLocally(storage: Storage): Promise<Map<string, string>> {
  const { items } = await storage.sync.listBankTransactions({ limit: 1_000_000, offset: 0 });
  return new Map(items.map((i) => [i.ref, i.data_version]));
}

/**
 * The invariant of a run during which 1C changed: every document live in 1C at its end that was stored before it is
 * still stored (no data loss), and nothing is stored that 1C did not have, live, at its start or its end.
 */
export function checkNoLoss(
  before: Map<string, string>,
  after: Map<string, string>,
  liveAtStart: Map<string, string>,
  liveAtEnd: Map<string, string>,
): string[] {
  const problems: string[] = [];
  for (const ref of before.keys()) if (liveAtEnd.has(ref) && !after.has(ref)) problems.push(`live document ${ref} was deleted locally`);
  for (const ref of after.keys())
    if (!liveAtStart.has(ref) && !liveAtEnd.has(ref)) problems.push(`stored ${ref} was never live in 1C during the run`);
  return problems;
}
