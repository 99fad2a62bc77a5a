import { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * Parses request input with a zod schema; the error names the offending field, e.g.
 * `body.date_from: Invalid date (expected YYYY-MM-DD)` or `body: unknown field "foo"`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  if (where === 'body' && value === undefined) value = {};
  const result = schema.safeParse(value);
  if (result.success) return result.data;
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
