/**
 * The parts of the sync store's statements that vary with the call, built here rather than kept in a .sql
 * file: the WHERE clauses of the lists' optional filters and the SET list of a partial update. Each fills the
 * slot its statement's file leaves for it (see sqlTemplate); the positional parameters are numbered from
 * `first`, as a list's page statement takes its limit and offset as $1 and $2.
 */
import type { BankTransactionQuery } from '../../sync/port.js';

/** A WHERE clause and the values of its positional parameters, numbered from the `first` given. */
export interface Where {
  where: string;
  params: unknown[];
}

/** An ILIKE pattern matching `text` anywhere, its own % _ and \ taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** WHERE clause (and its positional parameters, from $`first`) of a transactions list. */
export function bankWhere(q: BankTransactionQuery, first: number): Where {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (n: string) => string, value: unknown) => {
    params.push(value);
    conds.push(cond(`$${first + params.length - 1}`));
  };
  if (q.date_from !== undefined) add((n) => `t.date >= ${n}::date`, q.date_from);
  if (q.date_to !== undefined) add((n) => `t.date <= ${n}::date`, q.date_to);
  if (q.direction !== undefined) add((n) => `t.direction = ${n}`, q.direction);
  if (q.category === 'none') conds.push('t.category_id IS NULL');
  else if (q.category !== undefined) add((n) => `t.category_id = ${n}::int`, q.category);
  // ILIKE folds case by the database's ctype, which handles Cyrillic in any UTF-8 locale but plain C.
  if (q.search) add((n) => `(t.purpose ILIKE ${n} OR t.number ILIKE ${n} OR t.counterparty_name ILIKE ${n})`, likePattern(q.search));
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** WHERE clause (and its one positional parameter, $`first`) of a counterparties list searched for `search`. */
export function contractorWhere(search: string | undefined, first: number): Where {
  if (!search) return { where: '', params: [] };
  const n = `$${first}`;
  return { where: `WHERE name ILIKE ${n} OR full_name ILIKE ${n} OR inn ILIKE ${n}`, params: [likePattern(search)] };
}

/** The SET list of a partial update writing `columns` from $2 on ($1 is the row's id). */
export function setList(columns: readonly string[]): string {
  // jsonb columns take their JSON text; node-postgres infers nothing else that needs a cast.
  const cast = (k: string) => (k === 'operation_kinds' || k === 'keywords' ? '::jsonb' : '');
  return columns.map((k, i) => `${k} = $${i + 2}${cast(k)}`).join(', ');
}
