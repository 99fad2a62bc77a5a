import { TaskcastError } from './errors.js';

/**
 * A database error about the data written — SQLSTATE class 22 (data exception: a fractional count in a
 * bigint, a \u0000 in text) or 23 (integrity) — rather than about the connection: writing the same values
 * again cannot succeed. Our own named errors are never data errors.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return !(err instanceof TaskcastError) && typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** The database's message for a refused write, with its detail when it gives one. */
export function databaseMessage(err: unknown): string {
  const { message, detail } = err as Error & { detail?: string };
  return `${message}${detail ? ` (${detail})` : ''}`;
}
