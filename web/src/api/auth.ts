/** Log-in and log-out against `/api/v1/auth`. */
import type { LoginResponse } from '../../../src/wire/index.js';
import { request, setSession, type Session, type SessionUser } from './client';

export type { LoginResponse } from '../../../src/wire/index.js';

/** Logs in and stores the session; throws ApiError 401 on a wrong name or password. */
export async function login(username: string, password: string): Promise<Session> {
  const answer = await request<LoginResponse>('POST', '/api/v1/auth/login', { body: { username, password }, anonymous: true });
  const session: Session = { token: answer.access_token, user: answer.user, expiresAt: Date.now() + answer.expires_in * 1000 };
  setSession(session);
  return session;
}

/** The user the current token belongs to (a 401 ends the session). */
export function getMe(): Promise<SessionUser> {
  return request<SessionUser>('GET', '/api/v1/auth/me');
}

/** Forgets the session (tokens are stateless: nothing to tell the server). */
export function logout(): void {
  setSession(null);
}

/** True when the role may start a 1C sync (the server's rule: admin and manager). */
export function canStartSync(role: SessionUser['role'] | undefined): boolean {
  return role === 'admin' || role === 'manager';
}

/** True when the role may see and manage schedules (admins every one, managers those of the sync types). */
export function canManageSchedules(role: SessionUser['role'] | undefined): boolean {
  return role === 'admin' || role === 'manager';
}

/** True when the role may change a transaction's category. */
export function canEditCategory(role: SessionUser['role'] | undefined): boolean {
  return role === 'admin' || role === 'manager';
}
