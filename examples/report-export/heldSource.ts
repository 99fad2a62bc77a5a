import { generatedRows, type ReportSource } from './reportSource.js';

/**
 * For the tests: generated rows, but the read at `holdAt` waits until `resume()` (or until the task is
 * cancelled), so a test sees the progress before it and acts (cancels) before the export goes on.
 */
export class HeldSource implements ReportSource {
  private resumeHeld: () => void = () => {};
  private held = this.hold();

  constructor(private readonly holdAt: number) {}

  private hold(): Promise<void> {
    return new Promise((resolve) => (this.resumeHeld = resolve));
  }

  async readRows(offset: number, limit: number, signal: AbortSignal): Promise<string[][]> {
    if (offset === this.holdAt) {
      await new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        void this.held.then(resolve);
      });
    }
    return generatedRows.readRows(offset, limit, signal);
  }

  /** Lets the held read go on. */
  resume(): void {
    this.resumeHeld();
  }

  /** Holds the read at `holdAt` of the next export again. */
  rearm(): void {
    this.held = this.hold();
  }
}
