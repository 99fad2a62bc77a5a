// The records of a simulator in memory. Documents are kept sorted by Date so a date-window query slices the
// array by binary search instead of scanning every record; catalogs keep insertion order. Every write replaces the
// record with a new frozen object and a new DataVersion, as 1C does on every save.
import type { OneCSetName, WireRecord } from '../wire/index.js';
import { GUID_PATTERN, ONEC_SET_NAMES, isOneCSetName } from '../wire/index.js';
import type { Dataset } from './dataset/generateDataset.js';
import { SeededRandom } from './dataset/SeededRandom.js';
import { RefGuidFactory } from './dataset/refGuids.js';
import type { DataVersionCounter } from './dataVersion.js';
import type { EntitySchema } from './entitySchemas.js';
import { ENTITY_SCHEMAS } from './entitySchemas.js';
import { buildRecord } from './recordValidation.js';
import { SimulatorRecordError, SimulatorRecordNotFoundError } from './errors.js';

interface SetStore {
  schema: EntitySchema;
  byRef: Map<string, WireRecord>;
  /** Documents sorted by Date (ties in insertion order); catalogs in insertion order. */
  ordered: WireRecord[];
}

/** Inclusive Date bounds of a date-window scan, as YYYY-MM-DDTHH:MM:SS. */
export interface DateBounds {
  from?: string;
  to?: string;
}

/** Read and write access to a simulator's records; shared by the OData handler, the admin API and tests. */
export class SimulatorData {
  readonly #stores = new Map<OneCSetName, SetStore>();
  readonly #versions: DataVersionCounter;
  readonly #guids: RefGuidFactory;
  #revision = 0;

  /** Takes ownership of a generated dataset; `seed` makes Ref_Keys of inserted records deterministic too. */
  constructor(dataset: Dataset, seed: number) {
    this.#versions = dataset.versions;
    this.#guids = new RefGuidFactory(new SeededRandom(seed, 2));
    for (const set of ONEC_SET_NAMES) {
      const ordered = dataset.records[set];
      const byRef = new Map<string, WireRecord>();
      for (const record of ordered) byRef.set(String(record.Ref_Key), record);
      this.#stores.set(set, { schema: ENTITY_SCHEMAS[set], byRef, ordered });
    }
  }

  /** Grows by one on every write; lets callers cache query results until the data changes. */
  get revision(): number {
    return this.#revision;
  }

  /** The schema of a set. */
  schema(set: OneCSetName): EntitySchema {
    return this.#store(set).schema;
  }

  /** Number of records in a set. */
  size(set: OneCSetName): number {
    return this.#store(set).ordered.length;
  }

  /** One record by Ref_Key (any case), undefined when absent. */
  get(set: OneCSetName, ref: string): WireRecord | undefined {
    return this.#store(set).byRef.get(ref.toLowerCase());
  }

  /** All records of a set: documents by Date, catalogs in insertion order (a copy of the list). */
  list(set: OneCSetName): WireRecord[] {
    return [...this.#store(set).ordered];
  }

  /** Candidates for a query: documents with Date in the inclusive bounds (binary search), else all records. */
  scan(set: OneCSetName, bounds: DateBounds = {}): readonly WireRecord[] {
    const store = this.#store(set);
    if (!store.schema.dateIndexed || (bounds.from === undefined && bounds.to === undefined)) return store.ordered;
    const start = bounds.from === undefined ? 0 : lowerBound(store.ordered, bounds.from);
    const end = bounds.to === undefined ? store.ordered.length : upperBound(store.ordered, bounds.to);
    return start >= end ? [] : store.ordered.slice(start, end);
  }

  /** Inserts a record; missing fields get 1C's empty values, Ref_Key is generated unless given. */
  insert(set: OneCSetName, fields: Readonly<Record<string, unknown>>): WireRecord {
    const store = this.#store(set);
    const given = fields.Ref_Key;
    if (given !== undefined && (typeof given !== 'string' || !GUID_PATTERN.test(given))) {
      throw new SimulatorRecordError(`${set}.Ref_Key: ожидается GUID`);
    }
    const ref = given === undefined ? this.#guids.next() : given.toLowerCase();
    if (store.byRef.has(ref)) throw new SimulatorRecordError(`${set}: запись с Ref_Key ${ref} уже есть`);
    const record = buildRecord(store.schema, null, fields, ref, this.#versions.next());
    store.byRef.set(ref, record);
    this.#place(store, record);
    this.#revision++;
    return record;
  }

  /** Changes fields of a record; DataVersion changes even when nothing else does (like a save in 1C). */
  update(set: OneCSetName, ref: string, patch: Readonly<Record<string, unknown>>): WireRecord {
    const store = this.#store(set);
    const current = this.#require(store, ref);
    const record = buildRecord(store.schema, current, patch, String(current.Ref_Key), this.#versions.next());
    this.#unplace(store, current);
    store.byRef.set(String(record.Ref_Key), record);
    this.#place(store, record);
    this.#revision++;
    return record;
  }

  /** Sets or clears the deletion mark; a document marked for deletion is also unposted, as in 1C. */
  setDeletionMark(set: OneCSetName, ref: string, deletionMark = true): WireRecord {
    const store = this.#store(set);
    const patch: Record<string, unknown> = { DeletionMark: deletionMark };
    if (deletionMark && store.schema.properties.some((p) => p.name === 'Posted')) patch.Posted = false;
    return this.update(set, ref, patch);
  }

  /** Deletes a record physically (as "delete marked objects" does); returns the deleted record. */
  remove(set: OneCSetName, ref: string): WireRecord {
    const store = this.#store(set);
    const current = this.#require(store, ref);
    this.#unplace(store, current);
    store.byRef.delete(String(current.Ref_Key));
    this.#revision++;
    return current;
  }

  #store(set: OneCSetName): SetStore {
    const store = isOneCSetName(set) ? this.#stores.get(set) : undefined;
    if (!store) throw new SimulatorRecordError(`Нет набора сущностей ${String(set)}`);
    return store;
  }

  #require(store: SetStore, ref: string): WireRecord {
    const record = store.byRef.get(ref.toLowerCase());
    if (!record) throw new SimulatorRecordNotFoundError(store.schema.set, ref);
    return record;
  }

  #place(store: SetStore, record: WireRecord): void {
    if (!store.schema.dateIndexed) store.ordered.push(record);
    else store.ordered.splice(upperBound(store.ordered, String(record.Date)), 0, record);
  }

  #unplace(store: SetStore, record: WireRecord): void {
    let index: number;
    if (!store.schema.dateIndexed) index = store.ordered.indexOf(record);
    else {
      index = lowerBound(store.ordered, String(record.Date));
      while (index < store.ordered.length && store.ordered[index] !== record) index++;
    }
    if (index >= 0 && index < store.ordered.length) store.ordered.splice(index, 1);
  }
}

// First index whose Date is >= date.
function lowerBound(records: readonly WireRecord[], date: string): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (String(records[mid]?.Date) < date) low = mid + 1;
    else high = mid;
  }
  return low;
}

// First index whose Date is > date.
function upperBound(records: readonly WireRecord[], date: string): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (String(records[mid]?.Date) <= date) low = mid + 1;
    else high = mid;
  }
  return low;
}
