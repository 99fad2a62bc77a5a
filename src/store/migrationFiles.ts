import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationError } from './errors.js';

/** One numbered migration file: `NNN_name.sql`. */
export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

/**
 * Reads the numbered migrations of a backend, in order. Both backends use the same numbers, so a
 * schema version means the same thing on SQLite and PostgreSQL.
 */
export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return files.map((file) => {
    const m = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(`Migration file name must be NNN_name.sql: ${file}`);
    return { version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') };
  });
}
