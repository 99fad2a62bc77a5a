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
}

export { USER_ROLES, type UserRole } from '../wire/index.js';

/** Storage of user accounts. */
export interface UserStore {
  /** Creates a user; throws UsernameTakenError when the name exists (case-insensitive). */
  insertUser(user: { username: string; password_hash: string; role: UserRole }): Promise<UserRow>;
  getUserByUsername(username: string): Promise<UserRow | null>;
  /**
   * Replaces a user's password hash if it is still `from` (a rehash with stronger parameters must not undo a
   * password change made meanwhile); false when the user is gone or the hash changed.
   */
  setPasswordHash(id: number, from: string, to: string): Promise<boolean>;
  getUserById(id: number): Promise<UserRow | null>;
  listUsers(): Promise<UserRow[]>;
  countUsers(): Promise<number>;
}

/** A user with this name already exists. */
export class UsernameTakenError extends TaskcastError {
  constructor(readonly username: string) {
    super('USERNAME_TAKEN', `User "${username}" already exists`);
  }
}
