/**
 * Accounts (issue 16): the admin's users (list, create, change role or e-mail, reset a password, disable) and a
 * user's own profile (e-mail, password). A password change answers a new session: every token the user had, the
 * current one included, stops working, so the new one is stored at once.
 */
import { T } from '../texts';
import { ApiError, getSession, request, setSession, type Session, type SessionUser } from './client';

import type { LoginResponse, NewUser, PublicUser, UserPatch } from '../../../src/wire/index.js';

// The wire shapes are defined once, in src/wire, and shared with the server.
export { USER_ROLES } from '../../../src/wire/index.js';
export type { NewUser, PublicUser, UserPatch, UserRole } from '../../../src/wire/index.js';

/** True when the role may open «Пользователи» (the server's rule: admins only). */
export function canManageUsers(role: SessionUser['role'] | undefined): boolean {
  return role === 'admin';
}

/** Every user (admin; 403 otherwise). */
export async function listUsers(): Promise<PublicUser[]> {
  return (await request<{ users: PublicUser[] }>('GET', '/api/v1/users')).users;
}

/** Creates a user (201); 409 when the name is taken, 400 naming a wrong field. */
export function createUser(user: NewUser): Promise<PublicUser> {
  return request<PublicUser>('POST', '/api/v1/users', { body: user });
}

/** Changes a user (admin): role, e-mail, disabled, or a new password (which ends that user's sessions). */
export function updateUser(id: number, patch: UserPatch): Promise<PublicUser> {
  return request<PublicUser>('PATCH', `/api/v1/users/${id}`, { body: patch });
}

/** Sets (or with null clears) the caller's own e-mail; the session's user is updated with it. */
export async function updateOwnEmail(email: string | null): Promise<SessionUser> {
  const user = await request<SessionUser>('PATCH', '/api/v1/auth/me', { body: { email } });
  const current = getSession();
  if (current) setSession({ ...current, user });
  return user;
}

/** Changes the caller's password; the answer's token replaces the session's (the old one no longer works). */
export async function changeOwnPassword(currentPassword: string, newPassword: string): Promise<Session> {
  const answer = await request<LoginResponse>('POST', '/api/v1/auth/password', {
    body: { current_password: currentPassword, new_password: newPassword },
  });
  const session: Session = { token: answer.access_token, user: answer.user, expiresAt: Date.now() + answer.expires_in * 1000 };
  setSession(session);
  return session;
}

const E = T.users.errors;

/** What to show for a failed call of this module, in Russian. */
export function accountErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const { status, detail } = err;
  if (status === 0) return T.common.networkError;
  if (status === 403) return E.forbidden;
  if (status === 429) return E.throttled;
  if (status === 409 && /last enabled admin/.test(detail)) return E.lastAdmin;
  if (status === 409) return E.taken(/^User "(.*)" already exists$/s.exec(detail)?.[1] ?? '');
  if (status === 400) {
    if (detail.startsWith('current_password:')) return E.currentPassword;
    if (/new_password: must differ/.test(detail)) return E.samePassword;
    if (/^body\.email:/.test(detail)) return E.email;
    if (/^body\.(new_)?password:/.test(detail)) return E.password;
    if (/^body\.username:/.test(detail)) return E.username;
  }
  return E.other(detail);
}
