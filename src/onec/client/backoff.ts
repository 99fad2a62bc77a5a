// Delays between attempts: exponential backoff with full jitter (a random delay in [0, base·2^(n-1)], capped),
// which spreads retries of many clients apart; a server's Retry-After wins when it gives one.

/** Full-jitter backoff before attempt `failedAttempt + 1`, ms. */
export function backoffDelay(failedAttempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

/** Reads a Retry-After header (seconds or an HTTP date) as ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
