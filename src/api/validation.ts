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

/** An integer from a query string, within bounds. */
export const queryInt = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : Array.isArray(v) ? v[v.length - 1] : v),
    z.coerce
      .number({ error: 'must be a number' })
      .refine((n) => Number.isInteger(n), 'must be an integer')
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`),
  );

/** The last value of a possibly repeated query parameter. */
export const queryString = () =>
  z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v === '' ? undefined : v), z.string().optional());
