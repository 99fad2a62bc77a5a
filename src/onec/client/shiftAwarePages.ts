// Offset paging that notices when 1C's data moved under it. 1C has no nextLink and cannot compare references with
// gt/lt, so there is no keyset paging: pages are $top/$skip over $orderby=Ref_Key, and a document added, deleted or
// marked for deletion before the current offset shifts every later one by a place — offset paging then silently
// skips a record (or repeats one). Each page here is read one record early: the first record must be the last one
// already read. When it is not, the boundary moved, and the window is read again from its start (records already
// returned in this window are not returned twice), at most `maxRereads` times per window; past that the reading goes
// on from where it is, and what moved is left to the deletion check (by key) and the next sync.
import type { ODataRecord } from '../wire/index.js';
import type { ODataClient } from './ODataClient.js';
import type { DateWindow } from './dateWindows.js';
import { dateRangeFilter } from './dateWindows.js';
import { andFilters } from './filterLiterals.js';

/** Where to start (or resume): a window, the offset of the next record in it, and the Ref_Key of the record just before. */
export interface PagePosition {
  /** Index of the window in `windows`. */
  windowIndex: number;
  /** Offset in the window of the next record to read. */
  skip: number;
  /** Ref_Key of the record at `skip - 1` when it was read; null: unknown (the boundary is not checked). */
  lastRef: string | null;
}

/** A record with the position it was read at. */
export interface PositionedRecord {
  record: ODataRecord;
  /** 0-based offset in its window at the time it was read. */
  offset: number;
}

/** One page of records not returned before in this window. */
export interface ShiftAwarePage {
  windowIndex: number;
  records: PositionedRecord[];
}

/** A moved boundary: 1C's data changed before `skip` while the window was being read. */
export interface ShiftEvent {
  set: string;
  windowIndex: number;
  skip: number;
  /** True when the window is read again; false when the re-reads were used up and reading goes on. */
  reread: boolean;
}

/** Options of {@link iterateShiftAware}. */
export interface ShiftAwareOptions {
  /** Date windows read one after another. */
  windows: readonly DateWindow[];
  /** A $filter combined with each window's date range. */
  filter?: string;
  /** Fields to return; must include Ref_Key. */
  select?: readonly string[];
  /** Records per page. */
  pageSize: number;
  /** Where to start; default the first window from its start. */
  start?: PagePosition;
  /** Re-reads of one window after a moved boundary. */
  maxRereads: number;
  /** Told about every moved boundary (to log it). */
  onShift?: (event: ShiftEvent) => void;
  /** Aborts the in-flight request. */
  signal?: AbortSignal;
}

/** Pages of a set over date windows, robust to records added or removed before the current offset. */
export async function* iterateShiftAware(
  client: ODataClient,
  set: string,
  options: ShiftAwareOptions,
): AsyncGenerator<ShiftAwarePage, void, undefined> {
  const start = options.start ?? { windowIndex: 0, skip: 0, lastRef: null };
  for (let windowIndex = start.windowIndex; windowIndex < options.windows.length; windowIndex++) {
    const window = options.windows[windowIndex]!;
    const filter = andFilters(dateRangeFilter(window.from, window.to), options.filter);
    const resumed = windowIndex === start.windowIndex;
    let next = resumed ? start.skip : 0;
    let lastRef = resumed ? (start.lastRef?.toLowerCase() ?? null) : null;
    let rereads = 0;
    const returned = new Set<string>();
    for (;;) {
      const overlap = lastRef !== null && next > 0 ? 1 : 0;
      const top = options.pageSize + overlap;
      const from = next - overlap;
      const records = await client.readPage(set, { filter, select: options.select, top, skip: from, signal: options.signal });
      let fresh = records;
      if (overlap === 1) {
        if (records.length > 0 && refOf(records[0]!) === lastRef) fresh = records.slice(1);
        else {
          const reread = rereads < options.maxRereads;
          options.onShift?.({ set, windowIndex, skip: next, reread });
          if (reread) {
            rereads++;
            next = 0;
            lastRef = null;
            continue;
          }
        }
      }
      const offsetOfFirst = from + (records.length - fresh.length);
      const page: PositionedRecord[] = [];
      for (const [i, record] of fresh.entries()) {
        const ref = refOf(record);
        if (returned.has(ref)) continue;
        returned.add(ref);
        page.push({ record, offset: offsetOfFirst + i });
      }
      if (page.length > 0) yield { windowIndex, records: page };
      next = from + records.length;
      if (records.length > 0) lastRef = refOf(records[records.length - 1]!);
      // A short page ends the window; a page longer than asked means $top was ignored and everything came.
      if (records.length < top || records.length > top) break;
    }
  }
}

function refOf(record: ODataRecord): string {
  return String(record.Ref_Key).toLowerCase();
}
