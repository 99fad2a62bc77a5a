// The retry loop around sendOnce. Transient faults (network, timeout, 5xx, 429, a corrupted body) are retried with
// full-jitter backoff up to maxAttempts; other answers fail at once. totalTimeoutMs bounds the whole loop, so with
// the defaults a 1C that hangs fails in about two minutes instead of 5 × 30 s plus pauses.
import type { ResolvedClientOptions } from './clientOptions.js';
import type { AttemptRequest } from './sendOnce.js';
import { sendOnce } from './sendOnce.js';
import { abortableDelay } from './abortableDelay.js';
import { backoffDelay } from './backoff.js';
import { ODataAbortError } from './errors.js';

/** Collaborators of the retry loop, injectable so tests and callers can replace them. */
export interface RetryDeps {
  fetch: typeof fetch;
  /** Source of jitter in [0, 1). */
  random: () => number;
}

/** Sends a request with retries; resolves with the parsed body or rejects with a named OneCError. */
export async function sendWithRetry(
  request: Omit<AttemptRequest, 'nominalTimeoutMs'>,
  options: ResolvedClientOptions,
  signal: AbortSignal | undefined,
  deps: RetryDeps,
): Promise<unknown> {
  const deadline = Date.now() + options.totalTimeoutMs;
  const attemptRequest: AttemptRequest = { ...request, nominalTimeoutMs: options.timeoutMs };
  for (let attempt = 1; ; attempt++) {
    const remaining = Math.max(1, deadline - Date.now());
    const result = await sendOnce(attemptRequest, Math.min(options.timeoutMs, remaining), signal, deps.fetch);
    if (result.ok) return result.body;
    const { failure } = result;
    if (!failure.transient || attempt >= options.maxAttempts) throw failure.makeError(attempt);
    const delayMs =
      failure.retryAfterMs !== undefined
        ? Math.min(failure.retryAfterMs, options.maxDelayMs)
        : backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, deps.random);
    // Another attempt could not finish before the overall limit: report what we have now.
    if (Date.now() + delayMs >= deadline) throw failure.makeError(attempt);
    options.onRetry?.({ attempt, delayMs, error: failure.makeError(attempt) });
    await abortableDelay(delayMs, signal, () => new ODataAbortError(request.what, signal?.reason));
  }
}
