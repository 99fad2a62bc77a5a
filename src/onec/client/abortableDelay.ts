// A pause between retries that ends at once when the caller aborts, so cancelling a task never waits out a backoff.

/** Waits `ms`; rejects with `makeAbortError()` as soon as `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal | undefined, makeAbortError: () => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(makeAbortError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(makeAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
