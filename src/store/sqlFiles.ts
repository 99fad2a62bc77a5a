import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The statements of a store, one `.sql` file each, read once when the store module loads. Each file starts
 * with a `--` header naming what it does and its parameters (`$1 …` on PostgreSQL, `@name` or `?` on SQLite);
 * the header is kept in the text (both databases ignore comments), so a statement in a log or in
 * pg_stat_statements names its file.
 *
 * `readSqlFiles(dir)` returns every `name.sql` in `dir` keyed by `name` (build `dir` with
 * `join(dirname(fileURLToPath(import.meta.url)), …)`, not `new URL(…, import.meta.url)`: under the web tests'
 * jsdom environment `URL` is jsdom's, which `fileURLToPath` refuses); a missing name is a startup error,
 * not a runtime one, through {@link sqlStatement}.
 */
export function readSqlFiles(dir: string): Readonly<Record<string, string>> {
  const statements: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.sql')) statements[file.slice(0, -4)] = readFileSync(join(dir, file), 'utf8').trim();
  }
  return statements;
}

/** The statement `name` of a set read by {@link readSqlFiles}; throws at once when there is no such file. */
export function sqlStatement(statements: Readonly<Record<string, string>>, name: string): string {
  const sql = statements[name];
  if (sql === undefined) throw new Error(`No SQL file ${name}.sql among the store's statements`);
  return sql;
}
