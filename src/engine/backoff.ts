import type { Backoff } from './types.js';

/** The longest a task may wait for its start or its next attempt: one year, ms (a Retry-After or a backoff is capped to it). */
export const MAX_DELAY_MS = 365 * 86_400_000;

/** The backoff of a task type that sets none: 1 s, doubling, at most 1 h, full jitter. */
export const DEFAULT_BACKOFF: Backoff = { base_ms: 1_000, factor: 2, max_ms: 3_600_000, jitter: 'full' };

/** The un-jittered delay before the attempt after `attempt` (1-based): `min(max_ms, base_ms × factor^(attempt − 1))`. */
export function backoffCeiling(b: Backoff, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  if (b.base_ms === 0) return 0; // 0 × factor^n stays 0, even where factor^n overflows to Infinity (0 × ∞ is NaN)
  const raw = b.base_ms * Math.pow(b.factor, exponent);
  return Math.min(b.max_ms, Number.isFinite(raw) ? raw : b.max_ms);
}

/** The delay before the next attempt after attempt `attempt` failed, ms (an integer within the jitter's bounds). */
export function backoffDelay(b: Backoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(b, attempt);
  switch (b.jitter) {
    case 'none':
      return Math.round(ceiling);
    case 'equal':
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
    default:
      return Math.round(random() * ceiling);
  }
}

/** The bounds {@link backoffDelay} stays within for this attempt (what the property test checks). */
export function backoffBounds(b: Backoff, attempt: number): { min: number; max: number } {
  const ceiling = backoffCeiling(b, attempt);
  if (b.jitter === 'none') return { min: Math.round(ceiling), max: Math.round(ceiling) };
  return { min: b.jitter === 'equal' ? Math.round(ceiling / 2) : 0, max: Math.round(ceiling) };
}

/**
 * A backoff from a partial one (a type's or an enqueue's), over `base` — or a RangeError naming the field
 * that is wrong: base_ms and max_ms are integers ≥ 0, factor a number ≥ 1, jitter one of full, equal, none.
 */
export function resolveBackoff(partial: Partial<Backoff> | null | undefined, base: Backoff = DEFAULT_BACKOFF): Backoff {
  const b: Backoff = { ...base, ...(partial ?? {}) };
  for (const key of ['base_ms', 'max_ms'] as const) {
    if (!Number.isSafeInteger(b[key]) || b[key] < 0 || b[key] > MAX_DELAY_MS) {
      throw new RangeError(`backoff.${key} must be an integer from 0 to ${MAX_DELAY_MS} (one year)`);
    }
  }
  if (typeof b.factor !== 'number' || !Number.isFinite(b.factor) || b.factor < 1 || b.factor > 100) {
    throw new RangeError('backoff.factor must be a number from 1 to 100');
  }
  if (!['full', 'equal', 'none'].includes(b.jitter)) throw new RangeError('backoff.jitter must be one of full, equal, none');
  return b;
}
