/** Accounts over the wire: roles, the signed-in user, the log-in answer, a user of the admin's list, and the bodies that change them. */

/** Every role, from most to least powerful. */
export const USER_ROLES = ['admin', 'manager', 'user'] as const;

/** One of {@link USER_ROLES}. */
export type UserRole = (typeof USER_ROLES)[number];

/** A signed-in user (GET /api/v1/auth/me, and `user` of the log-in answer). */
export interface SessionUser {
  id: number;
  username: string;
  role: UserRole;
  /** Where the user's notifications go (lower case), or null when not set. */
  email: string | null;
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
  /** A disabled user cannot log in, and the tokens it had are refused. */
  disabled: boolean;
}

/** The body of PATCH /api/v1/auth/me: the caller's own e-mail (null clears it). */
export interface OwnProfilePatch {
  email?: string | null;
}

/** The body of POST /api/v1/auth/password. */
export interface PasswordChange {
  current_password: string;
  new_password: string;
}

/** The body of POST /api/v1/users (admin). */
export interface NewUser {
  username: string;
  password: string;
  role: UserRole;
  email?: string | null;
}

/** The body of PATCH /api/v1/users/{id} (admin); `password` resets it and ends that user's sessions. */
export interface UserPatch {
  email?: string | null;
  role?: UserRole;
  disabled?: boolean;
  password?: string;
}
