import { setMaxListeners } from 'node:events';

/**
 * A task's cancel switch. The AbortController behind `signal` is made only when a handler reads the signal:
 * most short tasks never do, and creating one per task was a few percent of the CPU of a flood of them.
 */
export class LazyAbort {
  private controller: AbortController | null = null;
  private abortedFlag = false;

  /** True once {@link abort} was called. */
  get aborted(): boolean {
    return this.abortedFlag;
  }

  /** The signal handlers pass to fetch and other cancellable I/O; aborted already if the switch was thrown. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      // A handler passes its signal to all of its I/O at once (a sync's windows, their requests waiting for a 1C
      // slot), each adding a listener and removing it when done: more than 10 at a time is no leak, so no warning.
      setMaxListeners(0, this.controller.signal);
      if (this.abortedFlag) this.controller.abort();
    }
    return this.controller.signal;
  }

  abort(): void {
    if (this.abortedFlag) return;
    this.abortedFlag = true;
    this.controller?.abort();
  }
}
