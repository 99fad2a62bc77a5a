/**
 * The parts of the sync store's statements that vary with the call, built here rather than kept in a .sql
 * file: the WHERE clauses of the lists' optional filters and the SET list of a partial update. Each fills the
 * slot its statement's file leaves for it (see sqlTemplate). The WHERE text is also the key under which the
 * store caches the list statements it prepared.
 */
import type { BankTransactionQuery } from '../../sync/port.js';
import { casefold } from '../syncRecords.js';

/** WHERE clause (and its named parameters) of a transactions list. */
export function bankWhere(q: BankTransactionQuery): { where: string; params: Record<string, unknown> } {
  const conds: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.date_from !== undefined) {
    conds.push('t.date >= @dateFrom');
    params.dateFrom = q.date_from;
  }
  if (q.date_to !== undefined) {
    conds.push('t.date <= @dateTo');
    params.dateTo = q.date_to;
  }
  if (q.direction !== undefined) {
    conds.push('t.direction = @direction');
    params.direction = q.direction;
  }
  if (q.category === 'none') conds.push('t.category_id IS NULL');
  else if (q.category !== undefined) {
    conds.push('t.category_id = @category');
    params.category = q.category;
  }
  if (q.search) {
    conds.push(`(instr(casefold(t.purpose), @search) > 0 OR instr(casefold(t.number), @search) > 0
      OR instr(casefold(t.counterparty_name), @search) > 0)`);
    params.search = casefold(q.search);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** WHERE clause (and its named parameter) of a counterparties list searched for `search`. */
export function contractorWhere(search: string | undefined): { where: string; params: Record<string, unknown> } {
  const folded = search ? casefold(search) : '';
  if (!folded) return { where: '', params: {} };
  return {
    where: `WHERE instr(casefold(name), @search) > 0 OR instr(casefold(full_name), @search) > 0 OR instr(inn, @search) > 0`,
    params: { search: folded },
  };
}

/** The SET list of a partial update writing `columns`, each from the named parameter of its name. */
export function setList(columns: readonly string[]): string {
  return columns.map((k) => `${k} = @${k}`).join(', ');
}
