import { sqlStatement } from './sqlFiles.js';

/**
 * A statement whose file leaves one slot for text built at run time: the WHERE clause of optional filters, or
 * the SET list of a partial update. The slot is a comment (slash-star name star-slash), so the file still
 * parses as it stands; the fixed text stays in the file, only the variable part is built in TS.
 *
 * Like {@link sqlStatement}, called at module load: a file without its slot (or with two) fails at start-up,
 * where a statement silently left unfiltered would not.
 */
export function sqlTemplate(statements: Readonly<Record<string, string>>, name: string, slot: string): (fill: string) => string {
  const sql = sqlStatement(statements, name);
  const marker = `/*${slot}*/`;
  const at = sql.indexOf(marker);
  if (at < 0 || sql.indexOf(marker, at + 1) >= 0) throw new Error(`SQL file ${name}.sql must hold the slot ${marker} once`);
  const before = sql.slice(0, at);
  const after = sql.slice(at + marker.length);
  return (fill) => before + fill + after;
}
