// Client of 1C's standard OData interface: streamed paging over date windows, single entities, counts.
// Paging is $top/$skip with a fixed $orderby=Ref_Key (1C has no nextLink and no keyset paging). Offset paging can
// skip or repeat a record when the base changes between pages; the sync dedupes by Ref_Key and DataVersion.
import type { ODataRecord } from '../wire/index.js';
import type { ODataClientOptions, ResolvedClientOptions } from './clientOptions.js';
import { resolveClientOptions } from './clientOptions.js';
import type { DateWindow } from './dateWindows.js';
import { dateRangeFilter } from './dateWindows.js';
import { andFilters } from './filterLiterals.js';
import type { QueryParam } from './urls.js';
import { entitySetUrl, entityUrl } from './urls.js';
import { queryStringBytes } from './sendOnce.js';
import { odataGuid } from './filterLiterals.js';
import { basicAuthHeader } from './basicAuth.js';
import type { ExpectedBody } from './classifyResponse.js';
import type { RetryDeps } from './sendWithRetry.js';
import { sendWithRetry } from './sendWithRetry.js';
import { NotODataResponseError, ODataAbortError, ODataArgumentError, ODataError, ODataUrlTooLongError } from './errors.js';
import { bodySnippet } from './humanText.js';
import { RequestSlots } from './requestSlots.js';

/** Options of {@link ODataClient.iteratePages} and {@link ODataClient.iterateEntities}. */
export interface IterateOptions {
  /** A $filter expression (build literals with odataString, odataGuid, …); combined with each window's range by `and`. */
  filter?: string;
  /** Fields to return ($select); all when omitted. */
  select?: readonly string[];
  /** Navigation properties to expand ($expand). */
  expand?: readonly string[];
  /** Date windows to read one after another (see monthWindows); the whole set at once when omitted. */
  windows?: readonly DateWindow[];
  /** Date field the windows apply to. Default `Date`. */
  dateField?: string;
  /** Ask for $inlinecount=allpages on the first page of each window, to report progress. Default false. */
  withCount?: boolean;
  /** Send allowedOnly=true so rows the user may not read are skipped instead of failing the request. Default: the client's allowedOnly. */
  allowedOnly?: boolean;
  /** Records per page; overrides the client's pageSize. */
  pageSize?: number;
  /** Aborts the in-flight request and stops the iteration (the task was cancelled). */
  signal?: AbortSignal;
}

/** One page of records. */
export interface ODataPage {
  /** Entity set the records come from. */
  set: string;
  /** Records of this page in wire form (parse them with parseBankDocument etc.). */
  records: ODataRecord[];
  /** The window this page belongs to, null when reading without windows. */
  window: DateWindow | null;
  /** 0-based index of the window. */
  windowIndex: number;
  /** Number of windows (1 without windows). */
  windowCount: number;
  /** $skip of this page. */
  skip: number;
  /** Records in the whole window when withCount was asked, else null. */
  totalCount: number | null;
}

/** Options of a single-entity read. */
export interface GetEntityOptions {
  /** Fields to return ($select). */
  select?: readonly string[];
  /** Navigation properties to expand ($expand). */
  expand?: readonly string[];
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** Options of {@link ODataClient.readPage}: one request of `$top` records from `$skip`, ordered by Ref_Key. */
export interface ReadPageOptions {
  /** A $filter expression. */
  filter?: string;
  /** Fields to return ($select). */
  select?: readonly string[];
  /** $top. */
  top: number;
  /** $skip. */
  skip: number;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** Options of {@link ODataClient.iterateByRefs}. */
export interface ByRefsOptions {
  /** Fields to return ($select). */
  select?: readonly string[];
  /** A $filter combined with the key group by `and`. */
  filter?: string;
  /** Aborts the requests. */
  signal?: AbortSignal;
}

/** Options of a request that only needs a signal. */
export interface SignalOptions {
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** Reads 1C:Enterprise data over the standard OData interface (see docs in the 1C reference). */
export class ODataClient {
  readonly #options: ResolvedClientOptions;
  readonly #authorization: string;
  readonly #deps: RetryDeps;

  /**
   * Validates the options (ODataArgumentError on a bad one); `deps` replaces fetch or the jitter source, and
   * `deps.gate` paces the requests to this base with the other tasks and nodes (ONEC_MAX_RPS).
   */
  constructor(options: ODataClientOptions, deps: Partial<Omit<RetryDeps, 'slots'>> = {}) {
    this.#options = resolveClientOptions(options);
    this.#authorization = basicAuthHeader(this.#options.user, this.#options.password);
    this.#deps = {
      fetch: deps.fetch ?? globalThis.fetch,
      random: deps.random ?? Math.random,
      slots: new RequestSlots(this.#options.maxConcurrency),
      gate: deps.gate ?? null,
    };
  }

  /** Requests this client has in flight at most (ONEC_MAX_CONCURRENCY). */
  get maxConcurrency(): number {
    return this.#options.maxConcurrency;
  }

  /** The OData base URL this client talks to (always ends with `/`). */
  get baseUrl(): string {
    return this.#options.url;
  }

  /** True when every query sends allowedOnly=true (records hidden by access rules are skipped, not refused). */
  get allowedOnly(): boolean {
    return this.#options.allowedOnly;
  }

  /** Records per page ($top) this client asks for. */
  get pageSize(): number {
    return this.#options.pageSize;
  }

  /** Streams a set page by page, window by window; memory stays at one page whatever the period. */
  async *iteratePages(set: string, options: IterateOptions = {}): AsyncGenerator<ODataPage, void, undefined> {
    const pageSize = options.pageSize ?? this.#options.pageSize;
    if (!Number.isInteger(pageSize) || pageSize < 1)
      throw new ODataArgumentError(`pageSize должно быть целым числом ≥ 1, получено ${pageSize}`);
    const windows: readonly (DateWindow | null)[] = options.windows ?? [null];
    const dateField = options.dateField ?? 'Date';
    for (const [windowIndex, window] of windows.entries()) {
      const filter = andFilters(window ? dateRangeFilter(window.from, window.to, dateField) : null, options.filter);
      let totalCount: number | null = null;
      for (let skip = 0; ; skip += pageSize) {
        this.#throwIfAborted(set, options.signal);
        const query: QueryParam[] = [['$format', 'json']];
        if (filter) query.push(['$filter', filter]);
        if (options.select?.length) query.push(['$select', options.select]);
        if (options.expand?.length) query.push(['$expand', options.expand]);
        query.push(['$orderby', 'Ref_Key'], ['$top', String(pageSize)], ['$skip', String(skip)]);
        const withCount = options.withCount === true && skip === 0;
        // 1C ignores $top/$skip when $inlinecount=allpages is asked and sends the whole window: then this one page is it.
        if (withCount) query.push(['$inlinecount', 'allpages']);
        if (options.allowedOnly ?? this.#options.allowedOnly) query.push(['allowedOnly', 'true']);
        const body = await this.#get(this.#checked(entitySetUrl(this.#options.url, set, query), set), set, 'json', options.signal);
        const page = readCollection(body);
        if (withCount) totalCount = page.count;
        yield { set, records: page.records, window, windowIndex, windowCount: windows.length, skip, totalCount };
        // A short page ends the window. A page longer than $top means the server ignored $top and sent everything;
        // asking for the next page would then repeat the whole window forever.
        if (page.records.length !== pageSize) break;
      }
    }
  }

  /** Reads one page: `$top` records from `$skip` in Ref_Key order (the building block of shift-aware paging). */
  async readPage(set: string, options: ReadPageOptions): Promise<ODataRecord[]> {
    this.#throwIfAborted(set, options.signal);
    const query: QueryParam[] = [['$format', 'json']];
    if (options.filter) query.push(['$filter', options.filter]);
    if (options.select?.length) query.push(['$select', options.select]);
    query.push(['$orderby', 'Ref_Key'], ['$top', String(options.top)], ['$skip', String(options.skip)]);
    const body = await this.#get(this.#setUrl(set, query), set, 'json', options.signal);
    return readCollection(body).records;
  }

  /**
   * Streams the records of a set whose Ref_Key is among `refs`, asking `Ref_Key eq guid'…' or …` in groups as large
   * as the query-string budget (maxQueryBytes) allows. References 1C does not have (or hides under allowedOnly) are
   * simply not returned.
   */
  async *iterateByRefs(set: string, refs: readonly string[], options: ByRefsOptions = {}): AsyncGenerator<ODataRecord, void, undefined> {
    const queryOf = (group: readonly string[]): QueryParam[] => {
      const keys = group.map((ref) => `Ref_Key eq ${odataGuid(ref)}`).join(' or ');
      const query: QueryParam[] = [
        ['$format', 'json'],
        ['$filter', andFilters(options.filter, keys)],
      ];
      if (options.select?.length) query.push(['$select', options.select]);
      if (this.#options.allowedOnly) query.push(['allowedOnly', 'true']);
      return query;
    };
    for (let start = 0; start < refs.length;) {
      let end = start + 1;
      const fits = (group: readonly string[]) =>
        queryStringBytes(entitySetUrl(this.#options.url, set, queryOf(group))) <= this.#options.maxQueryBytes;
      while (end < refs.length && fits(refs.slice(start, end + 1))) end++;
      this.#throwIfAborted(set, options.signal);
      const body = await this.#get(
        this.#checked(entitySetUrl(this.#options.url, set, queryOf(refs.slice(start, end))), set),
        set,
        'json',
        options.signal,
      );
      yield* readCollection(body).records;
      start = end;
    }
  }

  /** Streams the records of a set one by one (see iteratePages for the options). */
  async *iterateEntities(set: string, options: IterateOptions = {}): AsyncGenerator<ODataRecord, void, undefined> {
    for await (const page of this.iteratePages(set, options)) yield* page.records;
  }

  /** Reads one entity by its Ref_Key; null when 1C answers 404 with code 9 (no such entity). */
  async getEntity(set: string, guid: string, options: GetEntityOptions = {}): Promise<ODataRecord | null> {
    const query: QueryParam[] = [['$format', 'json']];
    if (options.select?.length) query.push(['$select', options.select]);
    if (options.expand?.length) query.push(['$expand', options.expand]);
    let body: unknown;
    try {
      if (this.#options.allowedOnly) query.push(['allowedOnly', 'true']);
      body = await this.#get(this.#checked(entityUrl(this.#options.url, set, guid, query), set), set, 'json', options.signal);
    } catch (error) {
      // Only 1C's own "entity not found" means null; a proxy's HTML 404 stays an error (wrong address).
      if (error instanceof ODataError && error.status === 404 && error.odataCode === '9') return null;
      throw error;
    }
    if (!isPlainObject(body)) throw unexpectedShape(body);
    return body;
  }

  /** Counts the records of a set matching an optional $filter (`Set/$count`). */
  async count(set: string, filter?: string, options: SignalOptions = {}): Promise<number> {
    const query: QueryParam[] = [['$format', 'json']];
    if (filter) query.push(['$filter', filter]);
    const body = await this.#get(this.#setUrl(set, query, '/$count'), `${set}/$count`, 'count', options.signal);
    return body as number;
  }

  /** Names of the published entity sets from the service document; a cheap "check the connection". */
  async listEntitySets(options: SignalOptions = {}): Promise<string[]> {
    const body = await this.#get(`${this.#options.url}?$format=json`, 'служебный документ', 'json', options.signal);
    if (!isPlainObject(body) || !Array.isArray(body.value)) throw unexpectedShape(body);
    return body.value.flatMap((item: unknown) => (isPlainObject(item) && typeof item.name === 'string' ? [item.name] : []));
  }

  #get(url: string, what: string, expect: ExpectedBody, signal: AbortSignal | undefined): Promise<unknown> {
    const headers = { Authorization: this.#authorization, Accept: expect === 'json' ? 'application/json' : 'text/plain' };
    return sendWithRetry({ url, headers, expect, user: this.#options.user, what }, this.#options, signal, this.#deps);
  }

  /** URL of a set query with allowedOnly when the client is configured so, checked against the query budget. */
  #setUrl(set: string, query: QueryParam[], suffix = ''): string {
    if (this.#options.allowedOnly) query.push(['allowedOnly', 'true']);
    return this.#checked(entitySetUrl(this.#options.url, set, query, suffix), set);
  }

  /** Refuses, before sending, a URL whose query string exceeds maxQueryBytes (a proxy in front would refuse it). */
  #checked(url: string, what: string): string {
    const bytes = queryStringBytes(url);
    if (bytes > this.#options.maxQueryBytes) throw new ODataUrlTooLongError(bytes, this.#options.maxQueryBytes, what, false);
    return url;
  }

  #throwIfAborted(what: string, signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new ODataAbortError(what, signal.reason);
  }
}

function readCollection(body: unknown): { records: ODataRecord[]; count: number | null } {
  if (!isPlainObject(body) || !Array.isArray(body.value) || !body.value.every(isPlainObject)) throw unexpectedShape(body);
  const rawCount = body['odata.count'];
  // 1C sends odata.count as a string ("123").
  const count = typeof rawCount === 'string' && /^\d+$/.test(rawCount) ? Number(rawCount) : typeof rawCount === 'number' ? rawCount : null;
  return { records: body.value, count };
}

function unexpectedShape(body: unknown): NotODataResponseError {
  return new NotODataResponseError(200, 'application/json', bodySnippet(JSON.stringify(body) ?? String(body)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
