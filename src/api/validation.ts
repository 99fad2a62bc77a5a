import { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * The largest id of a stored row: ids are PostgreSQL `INTEGER`/`SERIAL` columns (migrations 001, 002).
 * SQLite would store more, but both backends must answer alike: a larger id is invalid input (400), not a
 * database error (500).
 */
export const MAX_ID = 2_147_483_647;

const ID_MESSAGE = `must be an id between 1 and ${MAX_ID}`;

/** Whether text is an id as a client writes it in a path or query: decimal digits, 1..MAX_ID. */
export const isIdText = (s: string): boolean => /^\d{1,10}$/.test(s) && Number(s) >= 1 && Number(s) <= MAX_ID;

/** An id in a JSON body: an integer 1..MAX_ID. */
export const bodyId = (typeMessage = 'must be a number') =>
  z
    .number({ error: typeMessage })
    .int('must be an integer')
    .refine((n) => n >= 1 && n <= MAX_ID, ID_MESSAGE);

/** An id in a path (`/categories/:id`): decimal digits, 1..MAX_ID, as a number. */
export const pathId = () => z.string().refine(isIdText, ID_MESSAGE).transform(Number);

/**
 * The path of the first text in `value` (a string, or an object key or string at any depth) that holds
 * U+0000, or null. PostgreSQL text cannot hold it (the driver's query then fails with a 500) while SQLite
 * stores it, so it is refused at the edge, for both.
 */
function nulAt(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulAt(v, [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k];
      const found = nulAt(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Parses request input with a zod schema; the error names the offending field, e.g.
 * `body.date_from: Invalid date (expected YYYY-MM-DD)` or `body: unknown field "foo"`. Text holding a NUL
 * character (U+0000) anywhere in what the schema accepted is refused too (`query.search: must not contain
 * the NUL character`), so no route can hand it to a store.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | (string & {})): z.infer<S> {
  if (where === 'body' && value === undefined) value = {};
  const result = schema.safeParse(value);
  if (result.success) {
    const nul = nulAt(result.data);
    if (nul) throw new ValidationError(`${[where, ...nul].join('.')}: must not contain the NUL character (U+0000)`);
    return result.data;
  }
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    const at = issue.path.length ? `${where}.${issue.path.join('.')}` : where;
    throw new ValidationError(`${at}: unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`);
  }
  const field = issue.path.length ? `${where}.${issue.path.join('.')}` : where;
  throw new ValidationError(`${field}: ${issue.message}`);
}

/**
 * A query value before number coercion: the last of repeated values, the fallback when absent or empty.
 * Blank text is not a number (coercion would read it as 0, so `max_age_hours=%20` would mean "now").
 */
const numberInput = (v: unknown, fallback: number): unknown => {
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  if (last === undefined || last === '') return fallback;
  return typeof last === 'string' && last.trim() === '' ? Number.NaN : last;
};

/** A number from a query string, within bounds (fractions allowed). */
export const queryNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => numberInput(v, fallback),
    z.coerce.number({ error: 'must be a number' }).refine((n) => n >= min && n <= max, `must be a number between ${min} and ${max}`),
  );

/** An integer from a query string, within bounds. */
export const queryInt = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => numberInput(v, fallback),
    z.coerce
      .number({ error: 'must be a number' })
      .refine((n) => Number.isInteger(n), 'must be an integer')
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`),
  );

/** The last value of a possibly repeated query parameter. */
export const queryString = () =>
  z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v === '' ? undefined : v), z.string().optional());
