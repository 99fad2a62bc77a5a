import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/index.js';
import { InvalidTokenError } from '../auth/index.js';
import type { UserRole } from '../auth/index.js';
import type { ApiContext } from './context.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/**
 * The caller behind a token. The user is read again so that a deleted account or a changed role takes
 * effect at once, not when the token expires.
 */
export async function callerFromToken(ctx: ApiContext, token: string | undefined): Promise<Caller> {
  if (!token) throw new UnauthorizedError('Not authenticated: send "Authorization: Bearer <token>"');
  const claims = await ctx.tokens.verify(token);
  const user = await ctx.storage.users.getUserById(claims.id);
  if (!user) throw new InvalidTokenError('The account of this token no longer exists');
  return { id: user.id, username: user.username, role: user.role };
}

/** Authenticates an HTTP request from its Authorization header. */
export async function authenticate(ctx: ApiContext, request: FastifyRequest): Promise<void> {
  request.caller = await callerFromToken(ctx, bearerToken(request.headers.authorization));
}

/** Throws 403 unless the caller has one of the roles. */
export function requireRole(caller: Caller, ...roles: UserRole[]): void {
  if (!roles.includes(caller.role)) {
    throw new ForbiddenError(`This action requires the role ${roles.join(' or ')}; you are ${caller.role}`);
  }
}
