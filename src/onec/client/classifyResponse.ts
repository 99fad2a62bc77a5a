// Turns one HTTP answer into a result or a failure. A body is trusted as 1C OData only when it parses and has the
// expected shape: a proxy in front of 1C (IIS, Apache, nginx) answers with its own HTML pages.
import { readODataError } from '../wire/index.js';
import type { OneCError } from '../errors/index.js';
import {
  ODataAccessDeniedError,
  ODataAuthError,
  ODataError,
  isTransientODataError,
  ODataMalformedJsonError,
  ODataUrlTooLongError,
  NotODataResponseError,
} from './errors.js';
import { bodySnippet } from './humanText.js';
import { parseRetryAfter } from './backoff.js';

/** What the caller expects in a successful body: a JSON document or the bare number of `/$count`. */
export type ExpectedBody = 'json' | 'count';

/** A failed attempt: whether to retry, the server's Retry-After, and how to build the final error. */
export interface AttemptFailure {
  /** True for faults that may pass: network, timeout, 5xx, 429, a corrupted body. */
  transient: boolean;
  /** Delay the server asked for (Retry-After), ms. */
  retryAfterMs?: number;
  /** Builds the error to throw once no attempt is left. */
  makeError(attempts: number): OneCError;
}

/** The outcome of one attempt. */
export type AttemptResult = { ok: true; body: unknown } | { ok: false; failure: AttemptFailure };

/** The parts of an HTTP answer the classification needs. */
export interface ReceivedResponse {
  /** HTTP status. */
  status: number;
  /** Content-Type header, '' when absent. */
  contentType: string;
  /** Retry-After header, null when absent. */
  retryAfter: string | null;
  /** The whole body. */
  bytes: Uint8Array;
}

// TextDecoder drops a leading UTF-8 BOM by default (ignoreBOM: false), which 1C may send before JSON.
const decoder = new TextDecoder('utf-8');

/** IIS's default maxQueryString, bytes: its HTML 404 for a longer query string is "URL too long", not "wrong address". */
export const IIS_MAX_QUERY_STRING_BYTES = 2048;

/** What the classification needs to know about the request besides the answer. */
export interface ClassifyContext {
  /** Login, to name it in an auth or access error. */
  user: string;
  /** The set or request, to name it in an access or URL error. */
  what: string;
  /** Encoded length of the query string sent, bytes. */
  queryBytes: number;
}

/** Classifies an answer. */
export function classifyResponse(response: ReceivedResponse, expect: ExpectedBody, request: ClassifyContext, nowMs: number): AttemptResult {
  const { user, what, queryBytes } = request;
  const { status, contentType } = response;
  const text = decoder.decode(response.bytes).replace(/^\uFEFF/, '');
  const transientStatus = status >= 500 || status === 429;
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.retryAfter, nowMs) : undefined;
  const fail = (transient: boolean, makeError: (attempts: number) => OneCError): AttemptResult => ({
    ok: false,
    failure: retryAfterMs === undefined ? { transient, makeError } : { transient, retryAfterMs, makeError },
  });
  const notOData = (transient: boolean): AttemptResult =>
    fail(transient, (attempts) => new NotODataResponseError(status, contentType, bodySnippet(text), attempts));

  const parsed = parseJson(text);
  if (status === 401) {
    // 401 with odata.error code 20 is 1C's record-level access refusal, not a wrong password; neither is retried.
    const error = parsed.ok ? readODataError(parsed.value) : null;
    if (error?.code === '20') return fail(false, () => new ODataAccessDeniedError(status, user, what, error.message));
    return fail(false, () => new ODataAuthError(status, user));
  }
  if (status === 404 && !parsed.ok && queryBytes > IIS_MAX_QUERY_STRING_BYTES) {
    return fail(false, () => new ODataUrlTooLongError(queryBytes, IIS_MAX_QUERY_STRING_BYTES, what, true));
  }
  if (status >= 200 && status < 300) {
    if (expect === 'count') {
      if (/^\s*\d+\s*$/.test(text)) return { ok: true, body: Number(text.trim()) };
      return notOData(false);
    }
    if (parsed.ok) return { ok: true, body: parsed.value };
    // A 200 that starts like JSON but breaks off is a truncated transfer, worth another try; HTML is not.
    if (looksLikeJson(text)) {
      return fail(true, (attempts) => new ODataMalformedJsonError(status, bodySnippet(text), attempts, parsed.error));
    }
    return notOData(false);
  }

  if (parsed.ok) {
    const error = readODataError(parsed.value);
    if (error)
      return fail(isTransientODataError(status, error.code), (attempts) => new ODataError(status, error.code, error.message, attempts));
    return notOData(transientStatus);
  }
  if (looksLikeJson(text)) {
    return fail(transientStatus, (attempts) => new ODataMalformedJsonError(status, bodySnippet(text), attempts, parsed.error));
  }
  return notOData(transientStatus);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error };
  }
}

function looksLikeJson(text: string): boolean {
  const start = text.trimStart()[0];
  return start === '{' || start === '[';
}
