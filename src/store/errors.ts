import { TaskcastError } from '../engine/index.js';

/** A migration file failed or the schema is newer than this code. */
export class MigrationError extends TaskcastError {
  constructor(message: string) {
    super('MIGRATION_FAILED', message);
  }
}
