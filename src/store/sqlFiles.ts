import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The statements of a store, one `.sql` file each, read once when the store module loads. Each file starts
 * with a `--` header naming what it does and its parameters (`$1 …` on PostgreSQL, `@name` or `?` on SQLite);
 * the header is kept in the text (both databases ignore comments), so a statement in a log or in
 * pg_stat_statements names its file.
 *
 * `readSqlFiles(dir)` returns every `name.sql` in `dir` keyed by `name`; a missing name is a startup error, not a
 * runtime one, through {@link sqlStatement} and {@link sqlStatements}. A store reads the folder beside its module
 * with {@link readSqlBeside}.
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

/**
 * The `.sql` files of the folder `segments` beside the module `moduleUrl` (its `import.meta.url`). The path is
 * built with `dirname(fileURLToPath(…))`, not `new URL(…, import.meta.url)`: under the web tests' jsdom
 * environment `URL` is jsdom's, which `fileURLToPath` refuses.
 */
export function readSqlBeside(moduleUrl: string, ...segments: string[]): Readonly<Record<string, string>> {
  return readSqlFiles(join(dirname(fileURLToPath(moduleUrl)), ...segments));
}

/** The statements `names` of a set, keyed by name; throws at once when one has no file. */
export function sqlStatements<N extends string>(
  statements: Readonly<Record<string, string>>,
  names: readonly N[],
): Readonly<Record<N, string>> {
  return Object.fromEntries(names.map((name) => [name, sqlStatement(statements, name)])) as Record<N, string>;
}
