/**
 * An injected clock skew for a child process (issue 12's multi-process schedule test): imported before anything
 * else, it moves this process's JavaScript clock by TASKCAST_TEST_CLOCK_OFFSET_MS milliseconds — `Date.now()` and
 * a `new Date()` without arguments — as if the machine's clock were that far off. Dates built from a value, the
 * monotonic clock (`performance.now`, timers) and the database's clock are untouched, as on a real machine.
 */
const offsetMs = Number(process.env.TASKCAST_TEST_CLOCK_OFFSET_MS ?? 0);
if (!Number.isFinite(offsetMs)) throw new Error(`TASKCAST_TEST_CLOCK_OFFSET_MS must be a number of milliseconds`);

if (offsetMs !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  const skewedNow = () => realNow() + offsetMs;

  class SkewedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(skewedNow());
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return skewedNow();
    }

    // Dates made elsewhere (by the runtime, or before this module ran) are still dates.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof RealDate;
    }
  }
  // `Date()` called as a function gives the current time as text.
  const DateShim = new Proxy(SkewedDate, {
    apply: () => new SkewedDate().toString(),
  });
  globalThis.Date = DateShim as DateConstructor;
  // Code holding the original constructor reads the skewed time too.
  RealDate.now = skewedNow;
}

export const clockOffsetMs = offsetMs;
