// The retry loop around sendOnce. Transient faults (network, timeout, 5xx, 429, a corrupted body) are retried with
// full-jitter backoff up to maxAttempts; other answers fail at once. totalTimeoutMs bounds the whole loop, so with
// the defaults a 1C that hangs fails in about two minutes instead of 5 × 30 s plus pauses. Giving up on a transient
// answer that carried Retry-After, the error keeps when 1C may be asked again (`retryAt`), for the task to wait that long.
import { currentRetryListener } from './retryHook.js';
import type { ResolvedClientOptions } from './clientOptions.js';
import type { AttemptRequest } from './sendOnce.js';
import type { AttemptFailure } from './classifyResponse.js';
import type { OneCError } from '../errors/index.js';
import { sendOnce } from './sendOnce.js';
import { abortableDelay } from './abortableDelay.js';
import { backoffDelay } from './backoff.js';
import { ODataAbortError, ODataNetworkError, ODataTimeoutError } from './errors.js';
import type { RateGate } from './rateGate.js';
import type { RequestSlots } from './requestSlots.js';

/** Collaborators of the retry loop, injectable so tests and callers can replace them. */
export interface RetryDeps {
  fetch: typeof fetch;
  /** Source of jitter in [0, 1). */
  random: () => number;
  /** Bounds this client's requests in flight; one slot is held per attempt. */
  slots?: RequestSlots;
  /** The shared pace of requests to this base and its Retry-After holds; none: unlimited. */
  gate?: RateGate | null;
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
    // The slot first, then the token: a token taken while waiting for a slot would let requests bunch up later.
    const release = await deps.slots?.acquire(request.what, signal);
    let result: Awaited<ReturnType<typeof sendOnce>>;
    try {
      await deps.gate?.acquire(request.what, signal);
      const remaining = Math.max(1, deadline - Date.now());
      const startedAt = performance.now();
      result = await sendOnce(attemptRequest, Math.min(options.timeoutMs, remaining), signal, deps.fetch);
      if (options.onRequest) reportAttempt(options.onRequest, request.what, result, attempt, performance.now() - startedAt);
    } finally {
      release?.();
    }
    if (result.ok) return result.body;
    const { failure } = result;
    const answeredAt = Date.now();
    // 1C (or its proxy) asked for a pause: every task and node talking to this base holds back, not only this one.
    // Failing to record it only leaves the others uninformed; this request still waits below.
    if (failure.retryAfterMs !== undefined && deps.gate) await deps.gate.holdFor(failure.retryAfterMs).catch(() => {});
    if (!failure.transient || attempt >= options.maxAttempts) throw giveUp(failure, attempt, answeredAt);
    const delayMs =
      failure.retryAfterMs !== undefined
        ? Math.min(failure.retryAfterMs, options.maxDelayMs)
        : backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, deps.random);
    // Another attempt could not finish before the overall limit: report what we have now.
    if (Date.now() + delayMs >= deadline) throw giveUp(failure, attempt, answeredAt);
    const event = { attempt, delayMs, error: failure.makeError(attempt) };
    options.onRetry?.(event);
    const listener = currentRetryListener();
    if (listener) {
      try {
        listener({ ...event, entity: request.what.replace(/\/\$count$/, ''), maxAttempts: options.maxAttempts });
      } catch {
        // A listener's bug must not change how the request goes.
      }
    }
    await abortableDelay(delayMs, signal, () => new ODataAbortError(request.what, signal?.reason));
  }
}

/** Tells `onRequest` of one attempt: its entity set (`what` without a `/$count`), its answer and time. */
function reportAttempt(
  onRequest: NonNullable<ResolvedClientOptions['onRequest']>,
  what: string,
  result: Awaited<ReturnType<typeof sendOnce>>,
  attempt: number,
  ms: number,
): void {
  let status = '200';
  if (!result.ok) {
    const error = result.failure.makeError(attempt);
    if (error instanceof ODataTimeoutError) status = 'timeout';
    else if (error instanceof ODataNetworkError) status = 'network';
    else {
      const code: unknown = (error as unknown as { status?: unknown }).status;
      status = typeof code === 'number' ? String(code) : 'error';
    }
  }
  onRequest({ entity: what.replace(/\/\$count$/, ''), status, ms });
}

/**
 * The error to give up with: a transient one the server answered with Retry-After keeps when it may be asked again
 * (`retryAt`), so the task that fails with it is retried exactly then.
 */
function giveUp(failure: AttemptFailure, attempts: number, answeredAt: number): OneCError {
  const error = failure.makeError(attempts);
  if (failure.transient && failure.retryAfterMs !== undefined) error.retryAt = answeredAt + failure.retryAfterMs;
  return error;
}
