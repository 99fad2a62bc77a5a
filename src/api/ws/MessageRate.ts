/**
 * A token bucket for one socket's incoming messages: `perSecond` on average, bursts of twice as many.
 * Refills lazily from the clock, so an idle socket costs nothing.
 */
export class MessageRate {
  private tokens: number;
  private at = performance.now();
  private readonly burst: number;

  constructor(private readonly perSecond: number) {
    this.burst = perSecond * 2;
    this.tokens = this.burst;
  }

  /** Takes one token; false when the client sends faster than allowed. */
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
