/**
 * Which web pages may use the task API from a browser. A resolver that reads a cookie is sent that cookie by the
 * browser whatever page makes the request: a page of another site could then open a task socket as the user
 * (cross-site WebSocket hijacking: browsers apply no same-origin rule to sockets) or send a bodiless POST such as
 * `/tasks/:id/cancel` (a "simple" request, sent without a CORS preflight). Browsers name the page's origin in
 * the `Origin` header of both, so the API refuses an origin that is not listed. Requests without `Origin` (curl,
 * servers, a browser's same-origin GET) are not browsers acting for another page and pass.
 */
import { TaskcastError } from '../engine/index.js';

/** The origins (`https://app.example.com`) whose pages may use the API, or `'*'` for any (no check). */
export type AllowedOrigins = readonly string[] | '*';

/** Methods that change something: a cross-site page must not send them in a user's name. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A request or a socket upgrade sent by a page whose origin is not in `allowedOrigins` (403). */
export class OriginNotAllowedError extends TaskcastError {
  constructor(origin: string) {
    super('ORIGIN_NOT_ALLOWED', `Requests from the origin ${origin} are not allowed (see the allowedOrigins option)`);
  }
}

/**
 * `text` as browsers write it in `Origin` (`scheme://host[:port]`, lower case, no default port), or null when it
 * is not an http(s) origin alone (a path, a query, `null`, garbage).
 */
export function parseOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  return url.origin;
}

/**
 * Throws {@link OriginNotAllowedError} when a request sent with `method` and the `Origin` header `origin` comes from
 * a page not in `allowed`. Unchecked: no list (`undefined`) or `'*'`, a request without `Origin`, and the safe
 * methods (GET, HEAD, OPTIONS) unless `upgrade` (a socket's upgrade is a GET that opens a channel both ways).
 */
export function checkOrigin(allowed: AllowedOrigins | undefined, method: string, origin: string | undefined, upgrade = false): void {
  if (allowed === undefined || allowed === '*' || origin === undefined) return;
  if (!upgrade && SAFE_METHODS.has(method.toUpperCase())) return;
  const parsed = parseOrigin(origin);
  if (parsed !== null && allowed.includes(parsed)) return;
  throw new OriginNotAllowedError(parsed ?? JSON.stringify(origin.slice(0, 100)));
}
