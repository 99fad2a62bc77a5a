// Answers one OData request under the publication path: service document, $metadata, collections with query
// options, Set/$count and Set(guid'…'). Pure apart from reading the data: faults, auth and sending live elsewhere.
// Only JSON is served: without $format=json real 1C answers Atom XML, the simulator answers 406 with code 0.
import { isOneCSetName } from '../../wire/index.js';
import type { OneCSetName } from '../../wire/index.js';
import type { SimulatorData } from '../SimulatorData.js';
import { ODataRequestError, accessRightsError } from '../errors.js';
import { metadataXml, serviceDocumentJson, serviceDocumentXml } from './metadataDocuments.js';
import { readQueryOptions, splitQuery } from './queryOptions.js';
import type { QueryOptions } from './queryOptions.js';
import type { SelectionCache } from './collectionQuery.js';
import { project, runCollectionQuery } from './collectionQuery.js';
import type { Visibility } from '../requestHook.js';
import { FULL_VISIBILITY, isHidden } from '../requestHook.js';

/** The parts of a request the handler needs. */
export interface ODataRequest {
  method: string;
  /** Raw (still percent-encoded) path after the OData base path, without a leading slash. */
  path: string;
  /** Raw query string without '?'. */
  query: string;
  /** The OData base URL, for odata.metadata links. */
  baseUrl: string;
}

/** A successful answer; `json` marks bodies the malformed-JSON fault may corrupt. */
export interface ODataAnswer {
  status: number;
  contentType: string;
  body: string;
  json: boolean;
}

/** What the handler reports besides the answer. */
export interface ODataHandlerContext {
  data: SimulatorData;
  cache: SelectionCache;
  /** Called when a $filter is ignored because its spaces were sent as '+'. */
  onIgnoredFilter(): void;
  /** The user's record-level restriction; everything visible when omitted. */
  visibility?: Visibility;
}

const JSON_TYPE = 'application/json;charset=utf-8';
const PATH_PATTERN = /^([\p{L}\p{N}_]+)(?:\(guid'([^']*)'\))?(\/\$count)?$/u;

/** Handles a request; throws ODataRequestError for answers that are 1C errors. */
export function handleODataRequest(request: ODataRequest, ctx: ODataHandlerContext): ODataAnswer {
  if (request.method !== 'GET') throw new ODataRequestError(405, '19', `Метод ${request.method} не поддерживается симулятором: только GET`);
  let path: string;
  try {
    path = decodeURIComponent(request.path);
  } catch {
    throw new ODataRequestError(400, '6', 'Неправильный URL: ошибка кодировки пути');
  }
  const params = splitQuery(request.query);
  if (path === '' || path === '$metadata') {
    const options = readQueryOptions(params, null);
    if (path === '$metadata') return { status: 200, contentType: 'application/xml;charset=utf-8', body: metadataXml(), json: false };
    if (isJsonFormat(options.format)) return jsonAnswer(serviceDocumentJson(request.baseUrl));
    return { status: 200, contentType: 'application/atomsvc+xml;charset=utf-8', body: serviceDocumentXml(request.baseUrl), json: false };
  }
  const match = PATH_PATTERN.exec(path);
  if (!match) throw new ODataRequestError(400, '6', `Неправильный URL: «${path}»`);
  const [, setName = '', key, countSuffix] = match;
  if (!isOneCSetName(setName)) throw new ODataRequestError(404, '8', `Не найден тип сущности «${setName}»`);
  const options = readQueryOptions(params, ctx.data.schema(setName));
  if (options.filterIgnored) ctx.onIgnoredFilter();
  const visibility = { ...(ctx.visibility ?? FULL_VISIBILITY), allowedOnly: params.get('allowedOnly')?.value === 'true' };
  if (options.expand !== null) throw new ODataRequestError(400, '0', '$expand не поддерживается симулятором');
  if (countSuffix !== undefined) {
    if (key !== undefined) throw new ODataRequestError(400, '6', 'Неправильный URL: $count у одной сущности');
    const { count } = runCollectionQuery(ctx.data, setName, { ...options, top: 0, skip: 0, select: null }, ctx.cache, visibility);
    return { status: 200, contentType: 'text/plain;charset=utf-8', body: String(count), json: false };
  }
  requireJson(options);
  if (key !== undefined) return entityAnswer(request, ctx, setName, key, options, visibility);
  // 1C ignores $top and $skip when $inlinecount=allpages is asked: the whole selection comes back (8.3.27, 17.4.6.2).
  const paging = options.inlineCount ? { ...options, top: null, skip: 0 } : options;
  const { records, count } = runCollectionQuery(ctx.data, setName, paging, ctx.cache, visibility);
  const body: Record<string, unknown> = { 'odata.metadata': `${request.baseUrl}$metadata#${setName}` };
  if (options.inlineCount) body['odata.count'] = String(count);
  body.value = records;
  return jsonAnswer(body);
}

function entityAnswer(
  request: ODataRequest,
  ctx: ODataHandlerContext,
  set: OneCSetName,
  key: string,
  options: QueryOptions,
  visibility: Visibility,
): ODataAnswer {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(key)) {
    throw new ODataRequestError(400, '6', `Неправильный URL: неверный GUID «${key}»`);
  }
  const found = ctx.data.get(set, key);
  if (found && isHidden(found, visibility) && !visibility.allowedOnly) throw accessRightsError();
  const record = found && !isHidden(found, visibility) ? found : undefined;
  if (!record) throw new ODataRequestError(404, '9', 'Экземпляр сущности не найден');
  const fields = options.select === null ? record : project(record, options.select);
  return jsonAnswer({ 'odata.metadata': `${request.baseUrl}$metadata#${set}/@Element`, ...fields });
}

function isJsonFormat(format: string | null): boolean {
  return format !== null && (format === 'json' || format.startsWith('application/json'));
}

function requireJson(options: QueryOptions): void {
  if (!isJsonFormat(options.format)) {
    throw new ODataRequestError(
      406,
      '0',
      'Симулятор 1С отвечает только в JSON: добавьте $format=json (настоящая 1С ответила бы в Atom/XML)',
    );
  }
}

function jsonAnswer(body: unknown): ODataAnswer {
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(body), json: true };
}
