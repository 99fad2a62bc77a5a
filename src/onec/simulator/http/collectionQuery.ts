// Runs a collection query: pre-select by the date index, apply the compiled $filter, order, count, page, project.
// The filtered and ordered list is cached per (set, filter, orderby) until the data changes, so reading a window
// page by page costs one filter pass, not one per page.
import type { OneCSetName, WireRecord } from '../../wire/index.js';
import type { SimulatorData } from '../SimulatorData.js';
import type { EntitySchema } from '../entitySchemas.js';
import { compileFilter } from '../filter/compileFilter.js';
import type { OrderKey, QueryOptions } from './queryOptions.js';
import type { Visibility } from '../requestHook.js';
import { FULL_VISIBILITY, isHidden } from '../requestHook.js';
import { accessRightsError } from '../errors.js';

/** The page of records and the count of the whole selection. */
export interface CollectionResult {
  records: WireRecord[];
  count: number;
}

const CACHE_SIZE = 16;

/** Caches ordered selections keyed by set, filter and order; dropped whenever the data's revision moves. */
export class SelectionCache {
  readonly #entries = new Map<string, readonly WireRecord[]>();
  #revision = -1;

  /** The cached selection or the one `compute` returns, stored for next time. */
  get(revision: number, key: string, compute: () => readonly WireRecord[]): readonly WireRecord[] {
    if (revision !== this.#revision) {
      this.#entries.clear();
      this.#revision = revision;
    }
    let selection = this.#entries.get(key);
    if (!selection) {
      selection = compute();
      if (this.#entries.size >= CACHE_SIZE) this.#entries.delete(this.#entries.keys().next().value as string);
      this.#entries.set(key, selection);
    }
    return selection;
  }
}

/**
 * Executes $filter/$orderby/$skip/$top/$select on a set. A user limited by access rules fails with 401 code 20 when
 * the selection holds a record hidden from them, unless the request asked allowedOnly (then such records are skipped).
 */
export function runCollectionQuery(
  data: SimulatorData,
  set: OneCSetName,
  options: QueryOptions,
  cache: SelectionCache,
  visibility: Visibility = FULL_VISIBILITY,
): CollectionResult {
  const schema = data.schema(set);
  const key = JSON.stringify([set, options.filter, options.orderBy]);
  const selection = cache.get(data.revision, key, () => {
    const filter = options.filter === null ? null : compileFilter(options.filter, schema);
    const candidates = data.scan(set, filter?.dateBounds);
    const matched = filter === null ? [...candidates] : candidates.filter((record) => filter.matches(record));
    if (options.orderBy.length > 0) matched.sort(comparator(options.orderBy, schema));
    return matched;
  });
  const visible = visibleSelection(selection, visibility);
  const end = options.top === null ? undefined : options.skip + options.top;
  const page = visible.slice(options.skip, end);
  return { records: options.select === null ? page : page.map((record) => project(record, options.select ?? [])), count: visible.length };
}

function visibleSelection(selection: readonly WireRecord[], visibility: Visibility): readonly WireRecord[] {
  if (visibility.organisation === null) return selection;
  if (!visibility.allowedOnly && selection.some((record) => isHidden(record, visibility))) throw accessRightsError();
  return selection.filter((record) => !isHidden(record, visibility));
}

/** Keeps only the selected fields of a record, in the order asked. */
export function project(record: WireRecord, fields: readonly string[]): WireRecord {
  const projected: Record<string, WireRecord[string]> = {};
  for (const field of fields) {
    const value = record[field];
    if (value !== undefined) projected[field] = value;
  }
  return projected;
}

function comparator(keys: readonly OrderKey[], schema: EntitySchema): (a: WireRecord, b: WireRecord) => number {
  // Integers arrive as strings on the wire; order Edm.Int64 as numbers, everything else by its wire value.
  const numeric = keys.map(({ field }) => schema.properties.find((p) => p.name === field)?.type === 'Edm.Int64');
  return (a, b) => {
    for (const [index, { field, descending }] of keys.entries()) {
      const x = numeric[index] ? Number(a[field]) : (a[field] as string | number | boolean);
      const y = numeric[index] ? Number(b[field]) : (b[field] as string | number | boolean);
      const order = x < y ? -1 : x > y ? 1 : 0;
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
}
