import type { Backoff } from '../engine/index.js';
import type { Config } from '../config/index.js';

/** Longest pause between two attempts of a sync, ms: 30 min (with the defaults no pause reaches it). */
export const SYNC_RETRY_MAX_MS = 1_800_000;

/** Defaults of ONEC_SYNC_MAX_ATTEMPTS and ONEC_SYNC_RETRY_BASE_MS. */
export const SYNC_RETRY_DEFAULTS = { maxAttempts: 5, baseMs: 30_000 } as const;

/**
 * The retry policy of both sync task types. A sync attempt fails only after the 1C client has itself retried the
 * request for up to two minutes, so the next one waits at least half its backoff (equal jitter: 15–30 s, 30–60 s,
 * 60–120 s, 2–4 min with the defaults) — full jitter could start it at once, into the same outage. The two syncs
 * are singletons, so there is no herd of retries to spread. Which errors are retried is decided by syncFailure.
 */
export function syncRetryPolicy(config: Pick<Config, 'ONEC_SYNC_MAX_ATTEMPTS' | 'ONEC_SYNC_RETRY_BASE_MS'>): {
  maxAttempts: number;
  backoff: Backoff;
} {
  return {
    maxAttempts: config.ONEC_SYNC_MAX_ATTEMPTS,
    backoff: { base_ms: config.ONEC_SYNC_RETRY_BASE_MS, factor: 2, max_ms: SYNC_RETRY_MAX_MS, jitter: 'equal' },
  };
}
