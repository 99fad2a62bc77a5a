// Options of the OData client with their defaults and units, validated once when the client is created.
import { ODataArgumentError } from './errors.js';
import type { OneCError } from '../errors/index.js';

/** Connection and retry settings of an {@link ODataClient}. */
export interface ODataClientOptions {
  /** OData base URL of the publication: `http://host/<publication>/odata/standard.odata/`. */
  url: string;
  /** 1C infobase user with OData rights; may be Cyrillic (sent as UTF-8). */
  user: string;
  /** Password of that user; may be empty. */
  password: string;
  /** Timeout of one HTTP request including reading its body, ms. Default 30 000. */
  timeoutMs?: number;
  /** Attempts per request for transient faults (network, timeout, 5xx, 429). Default 5. */
  maxAttempts?: number;
  /** Base of the exponential backoff between attempts, ms. Default 500. */
  baseDelayMs?: number;
  /** Cap of one backoff delay, and of a server's Retry-After, ms. Default 8 000. */
  maxDelayMs?: number;
  /** Upper bound of one logical request with all its retries, ms; keeps a hang from taking 5×30 s. Default 120 000. */
  totalTimeoutMs?: number;
  /** Records per page ($top). Default 500. */
  pageSize?: number;
  /**
   * Send allowedOnly=true with every query, so records hidden by record-level access rules (RLS) are skipped
   * instead of failing the request with 401 code 20. A reader then cannot tell "deleted" from "hidden". Default false.
   */
  allowedOnly?: boolean;
  /** Longest encoded query string the client sends, bytes (IIS refuses over 2,048 by default). Default 1 500. */
  maxQueryBytes?: number;
  /** Requests this client has in flight at once (ONEC_MAX_CONCURRENCY); more wait for a free slot. Default 4. */
  maxConcurrency?: number;
  /** Called before each retry, e.g. to log it or to show "1С не отвечает, повтор 2 из 5". */
  onRetry?: (event: ODataRetryEvent) => void;
  /** Called after each HTTP attempt, e.g. to count it (the node's /metrics). Must not throw. */
  onRequest?: (event: ODataRequestEvent) => void;
}

/** What {@link ODataClientOptions.onRequest} receives: one HTTP attempt. */
export interface ODataRequestEvent {
  /** The entity set asked for (`Catalog_Контрагенты`; a `$count` is its set's), a bounded name. */
  entity: string;
  /** The HTTP status, or `timeout`, `network` when there was none. */
  status: string;
  /** How long the attempt took, ms. */
  ms: number;
}

/** What {@link ODataClientOptions.onRetry} receives. */
export interface ODataRetryEvent {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** Pause before the next attempt, ms. */
  delayMs: number;
  /** Why the attempt failed. */
  error: OneCError;
}

/** Options with every default filled in. */
export type ResolvedClientOptions = Required<Omit<ODataClientOptions, 'onRetry' | 'onRequest'>> &
  Pick<ODataClientOptions, 'onRetry' | 'onRequest'>;

/** Defaults of the optional settings. With them a persistent fault fails within about two minutes. */
export const CLIENT_DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  totalTimeoutMs: 120_000,
  pageSize: 500,
  allowedOnly: false,
  maxQueryBytes: 1_500,
  maxConcurrency: 4,
} as const;

/** Fills in defaults and checks every option; throws ODataArgumentError naming the bad one. */
export function resolveClientOptions(options: ODataClientOptions): ResolvedClientOptions {
  const url = normaliseBaseUrl(options.url);
  if (typeof options.user !== 'string') throw new ODataArgumentError('Не задан пользователь 1С (user)');
  if (typeof options.password !== 'string') throw new ODataArgumentError('Не задан пароль пользователя 1С (password)');
  const resolved: ResolvedClientOptions = {
    url,
    user: options.user,
    password: options.password,
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs),
    maxAttempts: positiveInteger('maxAttempts', options.maxAttempts ?? CLIENT_DEFAULTS.maxAttempts),
    baseDelayMs: nonNegativeInteger('baseDelayMs', options.baseDelayMs ?? CLIENT_DEFAULTS.baseDelayMs),
    maxDelayMs: nonNegativeInteger('maxDelayMs', options.maxDelayMs ?? CLIENT_DEFAULTS.maxDelayMs),
    totalTimeoutMs: positiveInteger('totalTimeoutMs', options.totalTimeoutMs ?? CLIENT_DEFAULTS.totalTimeoutMs),
    pageSize: positiveInteger('pageSize', options.pageSize ?? CLIENT_DEFAULTS.pageSize),
    allowedOnly: options.allowedOnly ?? CLIENT_DEFAULTS.allowedOnly,
    maxQueryBytes: positiveInteger('maxQueryBytes', options.maxQueryBytes ?? CLIENT_DEFAULTS.maxQueryBytes),
    maxConcurrency: positiveInteger('maxConcurrency', options.maxConcurrency ?? CLIENT_DEFAULTS.maxConcurrency),
    onRetry: options.onRetry,
    onRequest: options.onRequest,
  };
  return resolved;
}

function normaliseBaseUrl(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') throw new ODataArgumentError('Не задан адрес OData 1С (url)');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ODataArgumentError(`Адрес OData 1С (url) не является URL: «${raw}»`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ODataArgumentError(`Адрес OData 1С (url) должен начинаться с http:// или https://: «${raw}»`);
  }
  // fetch refuses URLs with credentials, and a password in the URL would leak into every error message.
  if (parsed.username || parsed.password) {
    throw new ODataArgumentError('Адрес OData 1С (url) не должен содержать имя пользователя и пароль — задайте их в user/password');
  }
  if (parsed.search || parsed.hash) {
    throw new ODataArgumentError(`Адрес OData 1С (url) не должен содержать параметры запроса: «${raw}»`);
  }
  return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ODataArgumentError(`${name} должно быть целым числом ≥ 1, получено ${value}`);
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new ODataArgumentError(`${name} должно быть целым числом ≥ 0, получено ${value}`);
  return value;
}
