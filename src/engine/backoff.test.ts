/**
 * Backoff, by property: for any valid policy and attempt the delay stays inside backoffBounds and under the
 * formula's ceiling min(max_ms, base_ms × factor^(attempt − 1)); resolveBackoff takes every valid policy as
 * it is and refuses a bad field by name. Also the retry rule of runTask (nextAttemptDelay) the delay feeds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffBounds, backoffCeiling, backoffDelay, resolveBackoff } from './backoff.js';
import { NonRetryableError, RetryAfterError } from './errors.js';
import { silentLogger } from './logger.js';
import { nextAttemptDelay } from './runTask.js';
import type { Backoff, TaskRow } from './types.js';

/** Valid policies: integers ≥ 0 for the times (up to a day), a factor from 1 to 100, any jitter. */
const policy: fc.Arbitrary<Backoff> = fc.record({
  base_ms: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 86_400_000 })),
  factor: fc.oneof(fc.constantFrom(1, 2, 100), fc.double({ min: 1, max: 100, noNaN: true })),
  max_ms: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 86_400_000 })),
  jitter: fc.constantFrom('full' as const, 'equal' as const, 'none' as const),
});
/** An attempt that failed: 1 to the most an enqueue allows (1000). */
const attempt = fc.integer({ min: 1, max: 1000 });
/** What Math.random may return: [0, 1). */
const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** The formula's ceiling, computed apart from the implementation (in logarithms, so it never overflows). */
function ceilingOf(b: Backoff, n: number): number {
  if (b.base_ms === 0) return 0;
  const log = Math.log(b.base_ms) + (n - 1) * Math.log(b.factor);
  return log >= Math.log(b.max_ms) ? b.max_ms : Math.min(b.max_ms, Math.exp(log));
}

describe('backoffDelay', () => {
  it('is an integer within backoffBounds and under min(max_ms, base_ms × factor^(attempt − 1))', () => {
    fc.assert(
      fc.property(policy, attempt, draw, (b, n, r) => {
        const delay = backoffDelay(b, n, () => r);
        const { min, max } = backoffBounds(b, n);
        const ceiling = ceilingOf(b, n);
        expect(Number.isSafeInteger(delay)).toBe(true);
        expect(0 <= min && min <= max).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(min);
        expect(delay).toBeLessThanOrEqual(max);
        // Rounded to whole milliseconds: at most half a millisecond above the exact ceiling.
        expect(max).toBeLessThanOrEqual(ceiling + 0.5);
        expect(delay).toBeLessThanOrEqual(b.max_ms);
        expect(Math.abs(backoffCeiling(b, n) - ceiling)).toBeLessThanOrEqual(Math.max(1e-6, ceiling * 1e-9));
      }),
      { numRuns: 2_000 },
    );
  });

  it('each jitter covers its documented range: none exactly the ceiling, equal its upper half, full all of it', () => {
    fc.assert(
      fc.property(policy, attempt, draw, (b, n, r) => {
        const ceiling = backoffCeiling(b, n);
        const { min, max } = backoffBounds(b, n);
        expect(max).toBe(Math.round(ceiling));
        if (b.jitter === 'none') expect(backoffDelay(b, n, () => r)).toBe(Math.round(ceiling));
        if (b.jitter === 'equal') expect(min).toBe(Math.round(ceiling / 2));
        if (b.jitter === 'full') expect(min).toBe(0);
        // The extreme draws reach the bounds (a draw of 1 is excluded; the largest double below it may round
        // one millisecond short of a ceiling that ends in exactly .5).
        expect(backoffDelay(b, n, () => 0)).toBe(min);
        expect(max - backoffDelay(b, n, () => 1 - Number.EPSILON / 2)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never shrinks from one attempt to the next', () => {
    fc.assert(
      fc.property(policy, fc.integer({ min: 1, max: 999 }), (b, n) => {
        expect(backoffBounds(b, n + 1).max).toBeGreaterThanOrEqual(backoffBounds(b, n).max);
        expect(backoffBounds(b, n + 1).min).toBeGreaterThanOrEqual(backoffBounds(b, n).min);
      }),
      { numRuns: 1_000 },
    );
  });

  it('the default: 1 s doubling, at most 1 h, full jitter', () => {
    expect(DEFAULT_BACKOFF).toEqual({ base_ms: 1_000, factor: 2, max_ms: 3_600_000, jitter: 'full' });
    expect([1, 2, 3, 12, 13, 100].map((n) => backoffBounds(DEFAULT_BACKOFF, n).max)).toEqual([
      1_000, 2_000, 4_000, 2_048_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe('resolveBackoff', () => {
  it('takes every valid policy as it is, and fills unset fields from the base', () => {
    fc.assert(
      fc.property(policy, policy, (b, base) => {
        expect(resolveBackoff(b)).toEqual(b);
        expect(resolveBackoff({ base_ms: b.base_ms }, base)).toEqual({ ...base, base_ms: b.base_ms });
        expect(resolveBackoff({ jitter: b.jitter, factor: b.factor }, base)).toEqual({ ...base, jitter: b.jitter, factor: b.factor });
      }),
    );
    expect(resolveBackoff(undefined)).toEqual(DEFAULT_BACKOFF);
    expect(resolveBackoff(null)).toEqual(DEFAULT_BACKOFF);
    expect(resolveBackoff({})).toEqual(DEFAULT_BACKOFF);
  });

  const notAnInteger = fc.oneof(
    fc.integer({ max: -1 }),
    fc.double({ noInteger: true }),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 53, '10', null, true, {}),
  );
  const badFactor = fc.oneof(
    fc.double({ max: 1, maxExcluded: true }),
    fc.double({ min: 100, minExcluded: true }),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, '2', null),
  );
  const badJitter = fc.oneof(
    fc.string().filter((s) => !['full', 'equal', 'none'].includes(s)),
    fc.constantFrom(null, 1, 'FULL', ' none'),
  );
  const bad = fc.oneof(
    fc.record({ field: fc.constant('base_ms'), value: notAnInteger }),
    fc.record({ field: fc.constant('max_ms'), value: notAnInteger }),
    fc.record({ field: fc.constant('factor'), value: badFactor }),
    fc.record({ field: fc.constant('jitter'), value: badJitter }),
  );

  it('refuses a bad field with a RangeError naming it, whatever the other fields', () => {
    fc.assert(
      fc.property(policy, bad, (valid, { field, value }) => {
        const partial = { ...valid, [field]: value } as unknown as Partial<Backoff>;
        expect(() => resolveBackoff(partial)).toThrow(RangeError);
        expect(() => resolveBackoff(partial)).toThrow(`backoff.${field}`);
        // The same through the base: a type's bad policy is refused as well.
        expect(() => resolveBackoff({}, partial as Backoff)).toThrow(`backoff.${field}`);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('nextAttemptDelay (the retry rule)', () => {
  const row = (attempt: number, max_attempts: number, backoff: Backoff | null = null) =>
    ({ task_id: 't', attempt, max_attempts, backoff }) as TaskRow;
  const rule = (backoff: Backoff, retryable?: (e: unknown) => boolean) => ({ backoff, retryable });

  it('retries a plain error within the backoff of the task (or else its type) while attempts remain', () => {
    fc.assert(
      fc.property(policy, fc.option(policy, { nil: null }), attempt, fc.integer({ min: 0, max: 5 }), (typeB, own, n, extra) => {
        const r = row(n, n + extra, own);
        const delay = nextAttemptDelay(r, new Error('сбой'), rule(typeB), silentLogger);
        if (extra === 0) {
          expect(delay).toBeNull();
        } else {
          const { min, max } = backoffBounds(own ?? typeB, n);
          expect(delay).not.toBeNull();
          expect(delay!).toBeGreaterThanOrEqual(min);
          expect(delay!).toBeLessThanOrEqual(max);
        }
      }),
    );
  });

  it('RetryAfterError gives exactly its delay; NonRetryableError, a refusing or throwing hook, and no rule give none', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (wait) => {
        expect(nextAttemptDelay(row(1, 3), new RetryAfterError(wait), rule(DEFAULT_BACKOFF), silentLogger)).toBe(wait);
        // …whatever the task's backoff, and even when the type's hook refuses everything else.
        const slow: Backoff = { base_ms: 3_600_000, factor: 2, max_ms: 3_600_000, jitter: 'none' };
        expect(
          nextAttemptDelay(
            row(1, 3, slow),
            new RetryAfterError(wait),
            rule(DEFAULT_BACKOFF, () => false),
            silentLogger,
          ),
        ).toBe(wait);
      }),
    );
    expect(nextAttemptDelay(row(3, 3), new RetryAfterError(10), rule(DEFAULT_BACKOFF), silentLogger)).toBeNull();
    expect(nextAttemptDelay(row(1, 5), new NonRetryableError('нет'), rule(DEFAULT_BACKOFF), silentLogger)).toBeNull();
    expect(
      nextAttemptDelay(
        row(1, 5),
        new Error('x'),
        rule(DEFAULT_BACKOFF, () => false),
        silentLogger,
      ),
    ).toBeNull();
    const throwing = () => {
      throw new Error('hook broke');
    };
    expect(nextAttemptDelay(row(1, 5), new Error('x'), rule(DEFAULT_BACKOFF, throwing), silentLogger)).toBeNull();
    expect(nextAttemptDelay(row(1, 5), new Error('x'), undefined, silentLogger)).toBeNull();
    const none: Backoff = { base_ms: 100, factor: 3, max_ms: 1_000, jitter: 'none' };
    expect([1, 2, 3].map((n) => nextAttemptDelay(row(n, 5, none), new Error('x'), rule(DEFAULT_BACKOFF), silentLogger))).toEqual([
      100, 300, 900,
    ]);
    expect(
      nextAttemptDelay(
        row(4, 5, none),
        new Error('x'),
        rule(DEFAULT_BACKOFF, (e) => e instanceof Error),
        silentLogger,
      ),
    ).toBe(1_000);
  });
});
