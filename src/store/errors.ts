import { TaskcastError } from '../engine/errors.js';

/** A user with this name already exists. */
export class UsernameTakenError extends TaskcastError {
  constructor(readonly username: string) {
    super('USERNAME_TAKEN', `User "${username}" already exists`);
  }
}

/** A migration file failed or the schema is newer than this code. */
export class MigrationError extends TaskcastError {
  constructor(message: string) {
    super('MIGRATION_FAILED', message);
  }
}

/** A category with this name already exists (names are unique regardless of case). */
export class CategoryNameTakenError extends TaskcastError {
  // Not `name`: that is the error class's name (Error.name).
  constructor(readonly categoryName: string) {
    super('CATEGORY_NAME_TAKEN', `Category "${categoryName}" already exists`);
  }
}
