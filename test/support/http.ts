import type { TestServer } from './testServer.js';

// Response bodies are checked by the tests' assertions, not by types: `any` keeps those assertions readable.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** What {@link api} answers: the status, the parsed JSON body (or null) and the raw text. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** A request beyond the plain JSON call: raw body, extra headers, another content type. */
export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A thin fetch wrapper over a test server, authenticated with `token` when given. */
export function api(server: Pick<TestServer, 'url'>, token?: string) {
  async function request<T = any>(path: string, init: RawRequest = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (token && !('authorization' in lowerKeys(headers))) headers.authorization = `Bearer ${token}`;
    const res = await fetch(server.url + path, { method: init.method ?? 'GET', headers, body: init.body });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: res.status, headers: res.headers, text, body: body as T };
  }
  return {
    request,
    get: <T = any>(path: string) => request<T>(path),
    /** POST with a JSON body (or none at all when `body` is undefined). */
    post: <T = any>(path: string, body?: unknown) =>
      request<T>(path, {
        method: 'POST',
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      }),
  };
}

/* eslint-enable @typescript-eslint/no-explicit-any */

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
