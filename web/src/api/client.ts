/**
 * The HTTP client of the web app: where the API is, the signed-in session (token and user) and one
 * `request()` that sends the token and turns every `{detail}` error answer into an {@link ApiError}.
 * A 401 on an authenticated request ends the session and tells the listeners (the app goes to the
 * log-in page).
 */

import type { SessionUser } from '../../../src/wire/index.js';

// The account shapes are defined once, in src/wire, and shared with the server.
export type { SessionUser, UserRole } from '../../../src/wire/index.js';

/** What a successful log-in leaves behind. */
export interface Session {
  token: string;
  user: SessionUser;
  /** Epoch ms after which the token is no longer accepted. */
  expiresAt: number;
}

/** An answer of the API other than 2xx (or a failed connection: status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The `detail` of the answer (English, from the server) or the network error's text. */
    readonly detail: string,
    /** The whole JSON body (e.g. `task_id` of a 409 on a sync start). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(`${status}: ${detail}`);
  }
}

/** Where the API lives and where the session is kept. */
export interface ApiSettings {
  /** Origin of the API, e.g. http://127.0.0.1:8001; '' means the page's own origin. */
  baseUrl: string;
  /** Where the session is stored (localStorage in the browser). */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

const SESSION_KEY = 'taskcast.session';

const settings: ApiSettings = {
  baseUrl: '',
  storage: typeof localStorage === 'undefined' ? null : localStorage,
};

let session: Session | null | undefined;
const sessionListeners = new Set<(s: Session | null) => void>();

/** Points the client at another API origin or storage (tests run the real server on a random port). */
export function configureApi(next: Partial<ApiSettings>): void {
  Object.assign(settings, next);
  session = undefined;
}

/** The absolute URL of an API path. */
export function apiUrl(path: string): string {
  return `${settings.baseUrl}${path}`;
}

/** The ws:// or wss:// URL of an API path on the same host as the HTTP API. */
export function socketUrl(path: string): string {
  const base = settings.baseUrl || (typeof location === 'undefined' ? 'http://localhost' : location.origin);
  return `${base.replace(/^http/, 'ws')}${path}`;
}

/** The current session, if any and not expired. */
export function getSession(): Session | null {
  if (session === undefined) {
    session = null;
    try {
      const raw = settings.storage?.getItem(SESSION_KEY);
      if (raw) session = JSON.parse(raw) as Session;
    } catch {
      session = null;
    }
  }
  if (session && session.expiresAt <= Date.now()) {
    setSession(null);
  }
  return session;
}

/** The bearer token of the session, if any. */
export function getToken(): string | null {
  return getSession()?.token ?? null;
}

/** Stores (or, with null, forgets) the session and tells the listeners. */
export function setSession(next: Session | null): void {
  session = next;
  try {
    if (next) settings.storage?.setItem(SESSION_KEY, JSON.stringify(next));
    else settings.storage?.removeItem(SESSION_KEY);
  } catch {
    // Private mode or a full storage: the session lives in memory only.
  }
  for (const listener of sessionListeners) listener(next);
}

/** Calls `listener` whenever the session changes (log-in, log-out, expiry); returns the unsubscribe. */
export function onSessionChange(listener: (s: Session | null) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/** Query parameters; undefined, null and '' are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** Options of {@link request}. */
export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Send no token and do not end the session on 401 (the log-in itself). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

/** Builds `path?query` from the parameters that have a value. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** One API call: JSON in, JSON out; throws {@link ApiError} for every non-2xx answer. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = options.anonymous ? null : getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(withQuery(path, options.query)), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, err instanceof Error ? err.message : String(err));
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const detail = typeof record.detail === 'string' ? record.detail : response.statusText || `HTTP ${response.status}`;
    if (response.status === 401 && !options.anonymous) setSession(null);
    throw new ApiError(response.status, detail, record);
  }
  return body as T;
}
