// Bounds the requests one client has in flight to its 1C base (ONEC_MAX_CONCURRENCY). A slot is held for one HTTP
// attempt only — never during a backoff pause or while the caller processes an answer — so nothing can wait for a
// slot while holding another, and the bound is exactly "requests 1C is answering for this process at once".
import { ODataAbortError } from './errors.js';

/** A counting semaphore whose waiters can be aborted. */
export class RequestSlots {
  #free: number;
  readonly #waiting: { grant: () => void }[] = [];

  /** `size` requests at once (≥ 1). */
  constructor(readonly size: number) {
    this.#free = size;
  }

  /** Waits for a slot; returns the function that gives it back (call it exactly once). */
  async acquire(what: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new ODataAbortError(what, signal.reason);
    if (this.#free > 0) {
      this.#free--;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.#waiting.indexOf(waiter);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(new ODataAbortError(what, signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next.grant();
      else this.#free++;
    };
  }
}
