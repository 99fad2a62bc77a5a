/**
 * Who is asking. Every route under the task API's `/api/` and every task socket asks a {@link ResolveCaller}
 * before doing anything; visibility (whose tasks a caller sees) is decided afterwards, by Taskcast, from the
 * caller it returned. The default resolver reads Taskcast's own JWTs; an embedding application may plug its
 * own (its session cookie, its own tokens) through `createTaskcast({ auth: { resolveCaller } })`.
 */
import type { IncomingMessage } from 'node:http';
import { InvalidTokenError, USER_ROLES, type Caller } from '../auth/index.js';
import { TaskcastError } from '../engine/index.js';
import type { Accounts } from './context.js';
import { ERROR_STATUS, ForbiddenError, UnauthorizedError } from './errors.js';
import { MAX_ID } from './validation.js';

/** A request to identify: an HTTP request to a task route, or the upgrade request of a task socket. */
export interface CallerRequest {
  /** `http` for a route, `socket` for a WebSocket upgrade (browsers cannot set headers on one). */
  kind: 'http' | 'socket';
  /** Node's request: its headers (Authorization, Cookie…) and its URL (path and query). */
  raw: IncomingMessage;
}

/**
 * The caller behind a request, or null when it carries no (valid) credentials (answered 401). It may also
 * throw a refusal to say why: `UnauthorizedError` or `ForbiddenError`, or any error whose `statusCode` is 401 or
 * 403 (answered with that status and its message). Anything else it throws is a failure (500, logged), over HTTP
 * and on a socket alike.
 */
export type ResolveCaller = (request: CallerRequest) => Promise<Caller | null> | Caller | null;

/** A resolver returned something that is not a caller: a programming error of the application (answered 500). */
export class InvalidCallerError extends TaskcastError {
  constructor(problem: string) {
    super('CALLER_INVALID', `resolveCaller returned an invalid caller: ${problem}`);
  }
}

/**
 * A resolver threw an error with a 4xx status other than 401 and 403: not a refusal of the caller, so a failure
 * of the application (500, logged with the original as `cause`), not an answer for the client.
 */
export class CallerResolverError extends TaskcastError {
  constructor(cause: unknown) {
    super('CALLER_RESOLVER_FAILED', `resolveCaller failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.cause = cause;
  }
}

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/**
 * Taskcast's own accounts: the token of `Authorization: Bearer …` (a socket may also send it as `?token=`,
 * since browsers cannot set headers on one). The user is read again on every request, so a deleted or disabled
 * account, a changed role or a changed password (tokens of an older generation) takes effect at once, not when
 * the token expires.
 */
export function accountCallers(accounts: Accounts): ResolveCaller {
  return async ({ kind, raw }) => {
    const header = bearerToken(raw.headers.authorization);
    const token = kind === 'socket' ? (new URL(raw.url ?? '/', 'http://localhost').searchParams.get('token') ?? header) : header;
    if (!token) throw new UnauthorizedError('Not authenticated: send "Authorization: Bearer <token>"');
    const claims = await accounts.tokens.verify(token);
    const user = await accounts.users.getUserById(claims.id);
    if (!user) throw new InvalidTokenError('The account of this token no longer exists');
    // Compared with the row read anyway: ending a user's sessions (a password change or reset, disabling) costs
    // no extra query per request and no list of revoked tokens.
    if (user.disabled) throw new InvalidTokenError('This account is disabled');
    if ((claims.generation ?? 0) !== user.token_generation) {
      throw new InvalidTokenError('This session has ended: the password was changed or reset; log in again');
    }
    return { id: user.id, username: user.username, role: user.role };
  };
}

/** Asks `resolve` who is behind `request`: the caller, checked; UnauthorizedError when there is none. */
export async function identify(resolve: ResolveCaller, request: CallerRequest): Promise<Caller> {
  let caller: Caller | null;
  try {
    caller = await resolve(request);
  } catch (err) {
    throw asRefusal(err);
  }
  if (caller === null || caller === undefined) throw new UnauthorizedError();
  return checkedCaller(caller);
}

/**
 * The one rule for what a resolver throws, so a route and a socket answer alike: a 401 or 403 — Taskcast's
 * errors by their code, any other error by its `statusCode` — is the client's answer; another 4xx becomes a
 * {@link CallerResolverError} (500); the rest (the database unavailable: 503; anything else: 500) goes on as it is.
 */
function asRefusal(err: unknown): unknown {
  const status = err instanceof TaskcastError ? ERROR_STATUS[err.code] : (err as { statusCode?: unknown } | null | undefined)?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return err;
  if (err instanceof TaskcastError && (status === 401 || status === 403)) return err;
  const message = err instanceof Error ? err.message : '';
  if (status === 401) return new UnauthorizedError(message || undefined);
  if (status === 403) return new ForbiddenError(message || undefined);
  return new CallerResolverError(err);
}

/**
 * Only what Taskcast relies on, copied: an owner id a task row can hold (INTEGER on PostgreSQL), a known role
 * (it decides visibility) and a name. Anything else fails closed, as a 500, never as access.
 */
function checkedCaller(caller: Caller): Caller {
  if (typeof caller !== 'object') throw new InvalidCallerError('not an object');
  const { id, username, role } = caller;
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) throw new InvalidCallerError(`id must be an integer from 1 to ${MAX_ID}`);
  if (!(USER_ROLES as readonly unknown[]).includes(role)) throw new InvalidCallerError(`role must be one of ${USER_ROLES.join(', ')}`);
  if (typeof username !== 'string') throw new InvalidCallerError('username must be a string');
  return { id, username, role };
}
