/**
 * `later − earlier` in ms for two ISO 8601 UTC times as the stores give them ('2026-12-06T09:16:58.123Z'). On the
 * same day the difference is read from the time digits; anything else (another day, another form) goes through
 * Date.parse. The wait of every task started is measured this way when metrics are on: two Date.parse calls cost
 * ~1.2 µs a task (a flood of no-op tasks spends ~50 µs each), the digits ~20 ns.
 */
export function isoDiffMs(later: string, earlier: string): number {
  if (
    later.length === 24 &&
    earlier.length === 24 &&
    later.charCodeAt(23) === 90 &&
    earlier.charCodeAt(23) === 90 &&
    sameDay(later, earlier)
  ) {
    return msOfDay(later) - msOfDay(earlier);
  }
  return Date.parse(later) - Date.parse(earlier);
}

/** Whether both start with the same 'YYYY-MM-DDT'. */
function sameDay(a: string, b: string): boolean {
  for (let i = 0; i < 11; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return a.charCodeAt(10) === 84;
}

/** Milliseconds since midnight of 'YYYY-MM-DDTHH:MM:SS.mmmZ'. */
function msOfDay(s: string): number {
  const d = (i: number) => s.charCodeAt(i) - 48;
  return ((d(11) * 10 + d(12)) * 60 + d(14) * 10 + d(15)) * 60_000 + (d(17) * 10 + d(18)) * 1000 + d(20) * 100 + d(21) * 10 + d(22);
}
