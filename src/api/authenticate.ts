import type { Caller } from '../auth/index.js';
import type { UserRole } from '../auth/index.js';
import { ForbiddenError } from './errors.js';

/** Throws 403 unless the caller has one of the roles. */
export function requireRole(caller: Caller, ...roles: UserRole[]): void {
  if (!roles.includes(caller.role)) {
    throw new ForbiddenError(`This action requires the role ${roles.join(' or ')}; you are ${caller.role}`);
  }
}
