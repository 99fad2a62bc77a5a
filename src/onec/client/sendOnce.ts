// One HTTP attempt with its own timeout. The timeout is a plain setTimeout + AbortController rather than
// AbortSignal.any([signal, AbortSignal.timeout(ms)]): on Node 20 the latter was seen firing far too late. The
// timer stays armed until the body is read, so a server that sends headers and then stalls is caught too.
import type { AttemptResult, ExpectedBody } from './classifyResponse.js';
import { classifyResponse } from './classifyResponse.js';
import { ODataAbortError, ODataNetworkError, ODataTimeoutError } from './errors.js';

/** What one attempt sends. */
export interface AttemptRequest {
  /** Full URL, already encoded. */
  url: string;
  /** Request headers including Authorization. */
  headers: Record<string, string>;
  /** Expected body of a successful answer. */
  expect: ExpectedBody;
  /** Login, only to name it in an auth error. */
  user: string;
  /** Short description of the request for error messages (set name), without secrets. */
  what: string;
  /** The configured timeout, named in a timeout error even when the last attempt was cut short by the overall limit. */
  nominalTimeoutMs: number;
}

/** Sends one request; resolves with a result or a failure, rejects only with ODataAbortError when the caller aborts. */
export async function sendOnce(
  request: AttemptRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  fetchImpl: typeof fetch,
): Promise<AttemptResult> {
  if (signal?.aborted) throw new ODataAbortError(request.what, signal.reason);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    const response = await fetchImpl(request.url, { headers: request.headers, signal: controller.signal });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return classifyResponse(
      {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        retryAfter: response.headers.get('retry-after'),
        bytes,
      },
      request.expect,
      { user: request.user, what: request.what, queryBytes: queryStringBytes(request.url) },
      Date.now(),
    );
  } catch (error) {
    // Check the caller first: when both fire, the cancellation is what the caller asked for.
    if (signal?.aborted) throw new ODataAbortError(request.what, signal.reason);
    if (timedOut) {
      const makeError = (attempts: number): ODataTimeoutError => new ODataTimeoutError(request.nominalTimeoutMs, attempts, request.what);
      return { ok: false, failure: { transient: true, makeError } };
    }
    const origin = new URL(request.url).origin;
    const systemCode = systemErrorCode(error);
    const makeError = (attempts: number): ODataNetworkError => new ODataNetworkError(origin, systemCode, attempts, error);
    return { ok: false, failure: { transient: true, makeError } };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
  }
}

// fetch wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED', … } }).
function systemErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Length of the query string of a URL as it goes on the wire, bytes. Measured after the WHATWG URL parser fetch
 * uses, which also percent-encodes `'` in the query of an http URL (each `guid'…'` costs 4 bytes more than
 * encodeURIComponent alone gives).
 */
export function queryStringBytes(url: string): number {
  return Buffer.byteLength(new URL(url).search.slice(1));
}
