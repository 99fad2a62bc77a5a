// The period of the demo data (the embedded simulator and `npm run onec-sim` alike): from the start of last year
// to today, so the current year the web app opens on, its current month and all of last year have documents,
// and nothing lies in the future.

/** From 1 January of last year to `now`'s day (UTC), as YYYY-MM-DD. */
export function demoPeriod(now: Date = new Date()): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  return { from: `${Number(to.slice(0, 4)) - 1}-01-01`, to };
}
