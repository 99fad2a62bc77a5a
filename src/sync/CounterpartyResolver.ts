import { ONEC_SETS, parseCounterparty, parseIndividual, type ODataClient } from '../onec/index.js';

/**
 * References asked for in one request (`Ref_Key eq guid'…' or …`): 69 bytes each on the wire, so 20 keep the query
 * string near 1,440 bytes, under the client's 1,500-byte budget (IIS refuses over 2,048 by default); the client
 * splits a group further if its budget is set lower.
 */
const REFS_PER_REQUEST = 20;
/** Such requests in flight at once (a first sync may meet thousands of unknown counterparties). */
const PARALLEL_REQUESTS = 4;
import type { ContractorRecord, ContractorSource, SyncStore } from './syncStore.js';

/** Converts a parsed 1C counterparty to the stored record. */
export function counterpartyRecord(c: ReturnType<typeof parseCounterparty>): ContractorRecord {
  return {
    ref: c.ref,
    source: ONEC_SETS.counterparties,
    name: c.name,
    full_name: c.fullName,
    inn: c.inn,
    kpp: c.kpp,
    person_type: c.kind,
    deletion_mark: c.deletionMark,
    data_version: c.dataVersion,
  };
}

/**
 * Names of the counterparties of bank documents. A reference not stored yet (a Catalog_Контрагенты or a
 * Catalog_ФизическиеЛица one) is read from 1C and stored; one 1C does not know stays unresolved (null
 * name) — a transaction is never dropped for it. Names are cached for the run.
 */
export class CounterpartyResolver {
  private readonly names = new Map<string, string | null>();
  /** References being looked up now, with the look-up to await. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly client: ODataClient,
    private readonly store: SyncStore,
  ) {}

  /**
   * Resolves every given reference; afterwards {@link name} answers for each. Safe to call concurrently (the bank sync
   * resolves pages read ahead while it commits earlier ones): a reference already being looked up by another call is
   * awaited, not asked for again.
   */
  async resolve(refs: readonly { ref: string; type: ContractorSource }[], signal: AbortSignal): Promise<void> {
    const waits = new Set<Promise<void>>();
    const mine = new Map<string, ContractorSource>();
    for (const r of refs) {
      if (this.names.has(r.ref) || mine.has(r.ref)) continue;
      const pending = this.pending.get(r.ref);
      if (pending) waits.add(pending);
      else mine.set(r.ref, r.type);
    }
    if (mine.size > 0) {
      const lookUp = this.lookUp(
        [...mine].map(([ref, type]) => ({ ref, type })),
        signal,
      );
      for (const ref of mine.keys()) this.pending.set(ref, lookUp);
      waits.add(
        lookUp.finally(() => {
          for (const ref of mine.keys()) this.pending.delete(ref);
        }),
      );
    }
    await Promise.all(waits);
  }

  /** Looks these references up in the store, then in 1C (none of them is known or pending). */
  private async lookUp(unknown: readonly { ref: string; type: ContractorSource }[], signal: AbortSignal): Promise<void> {
    const stored = await this.store.getContractors([...new Set(unknown.map((r) => r.ref))]);
    const missing = new Map<string, ContractorSource>();
    for (const r of unknown) {
      const row = stored.get(r.ref);
      if (row) this.names.set(r.ref, row.name);
      else missing.set(r.ref, r.type);
    }
    const fetched: ContractorRecord[] = [];
    // Many unknown references at once (the first sync of a period) are read in a few requests, not one each.
    const chunks: { type: ContractorSource; refs: string[] }[] = [];
    for (const type of [ONEC_SETS.counterparties, ONEC_SETS.individuals] as const) {
      const refsOfType = [...missing].filter(([, t]) => t === type).map(([ref]) => ref);
      for (let i = 0; i < refsOfType.length; i += REFS_PER_REQUEST) chunks.push({ type, refs: refsOfType.slice(i, i + REFS_PER_REQUEST) });
    }
    const readChunk = async ({ type, refs }: { type: ContractorSource; refs: string[] }) => {
      for await (const raw of this.client.iterateByRefs(type, refs, { signal })) {
        const record =
          type === ONEC_SETS.counterparties ? counterpartyRecord(parseCounterparty(raw)) : individualRecord(parseIndividual(raw));
        fetched.push(record);
        this.names.set(record.ref, record.name);
      }
      // What 1C did not return it does not know: stored unresolved, with its reference.
      for (const ref of refs) if (!this.names.has(ref)) this.names.set(ref, null);
    };
    // A few workers take the next chunk as soon as theirs is answered (no round waits for its slowest request).
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) await readChunk(chunks[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, chunks.length) }, worker));
    if (fetched.length) await this.store.insertMissingContractors(fetched);
  }

  /** The name of a resolved counterparty, or null when 1C does not know it. */
  name(ref: string): string | null {
    return this.names.get(ref) ?? null;
  }
}

function individualRecord(p: ReturnType<typeof parseIndividual>): ContractorRecord {
  return {
    ref: p.ref,
    source: ONEC_SETS.individuals,
    name: p.name,
    full_name: p.name,
    inn: p.inn,
    kpp: '',
    person_type: 'individual',
    deletion_mark: p.deletionMark,
    data_version: p.dataVersion,
  };
}
