/** Accounts over the wire: roles, the signed-in user, the log-in answer, a user of the admin's list. */

/** Every role, from most to least powerful. */
export const USER_ROLES = ['admin', 'manager', 'user'] as const;

/** One of {@link USER_ROLES}. */
export type UserRole = (typeof USER_ROLES)[number];

/** A signed-in user (GET /api/v1/auth/me, and `user` of the log-in answer). */
export interface SessionUser {
  id: number;
  username: string;
  role: UserRole;
}

/** The answer of POST /api/v1/auth/login. */
export interface LoginResponse {
  access_token: string;
  token_type: 'bearer';
  /** Seconds the token is accepted for. */
  expires_in: number;
  user: SessionUser;
}

/** A user as GET /api/v1/users lists it (never its password hash). */
export interface PublicUser extends SessionUser {
  /** ISO 8601 UTC. */
  created_at: string;
}
