/**
 * The accounts port: what authentication needs from a database. Both stores implement it (src/store).
 */
import { TaskcastError } from '../engine/index.js';
import type { UserRole } from '../wire/index.js';

/** A user account as stored (with its password hash, which never leaves the server). */
export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: UserRole;
  created_at: string;
  /** Where the user's notifications go, in lower case; null when not set. */
  email: string | null;
  /** A disabled account may not log in, and its tokens are refused. */
  disabled: boolean;
  /**
   * Tokens issued under an older generation are refused: a password change or reset, or disabling the account,
   * adds one, ending every session the user had.
   */
  token_generation: number;
}

/** What {@link UserStore.updateUser} may change; an absent field stays as it is. */
export interface UserChanges {
  /** null clears it. */
  email?: string | null;
  role?: UserRole;
  disabled?: boolean;
  /** A new password (a change or a reset): also ends the user's sessions (token_generation + 1). */
  password_hash?: string;
}

export { USER_ROLES, type UserRole } from '../wire/index.js';

/** Storage of user accounts. */
export interface UserStore {
  /** Creates a user; throws UsernameTakenError when the name exists (case-insensitive). */
  insertUser(user: { username: string; password_hash: string; role: UserRole; email?: string | null }): Promise<UserRow>;
  getUserByUsername(username: string): Promise<UserRow | null>;
  /**
   * Replaces a user's password hash if it is still `from` (a rehash with stronger parameters must not undo a
   * password change made meanwhile); false when the user is gone or the hash changed.
   */
  setPasswordHash(id: number, from: string, to: string): Promise<boolean>;
  getUserById(id: number): Promise<UserRow | null>;
  listUsers(): Promise<UserRow[]>;
  /**
   * Applies `changes` in one transaction and returns the user as it now is, or null when there is no such user.
   * A new password, or disabling an enabled account, adds one to token_generation (its tokens stop working).
   * Throws LastAdminError, changing nothing, when the change would leave no enabled admin (demoting or disabling
   * the last one); two admins demoting each other at once cannot both succeed.
   */
  updateUser(id: number, changes: UserChanges): Promise<UserRow | null>;
  countUsers(): Promise<number>;
}

/** A user with this name already exists. */
export class UsernameTakenError extends TaskcastError {
  constructor(readonly username: string) {
    super('USERNAME_TAKEN', `User "${username}" already exists`);
  }
}

/** The change would leave no enabled admin (demoting or disabling the last one). */
export class LastAdminError extends TaskcastError {
  constructor() {
    super('LAST_ADMIN', 'The last enabled admin cannot be demoted or disabled: make another user an admin first');
  }
}

/** Whether a user with this role and state counts as an enabled admin. */
export const isActiveAdmin = (u: Pick<UserRow, 'role' | 'disabled'>): boolean => u.role === 'admin' && !u.disabled;

/**
 * Whether applying `changes` to `before` would leave no enabled admin, given how many other enabled admins there
 * are (the one rule both stores check inside their transaction).
 */
export function removesLastAdmin(before: Pick<UserRow, 'role' | 'disabled'>, changes: UserChanges, otherActiveAdmins: number): boolean {
  const after = { role: changes.role ?? before.role, disabled: changes.disabled ?? before.disabled };
  return isActiveAdmin(before) && !isActiveAdmin(after) && otherActiveAdmins === 0;
}

/** Whether `changes` end the user's sessions: a new password, or disabling an enabled account. */
export const endsSessions = (before: Pick<UserRow, 'disabled'>, changes: UserChanges): boolean =>
  changes.password_hash !== undefined || (changes.disabled === true && !before.disabled);
