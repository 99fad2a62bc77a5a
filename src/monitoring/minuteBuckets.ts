/**
 * The log buckets of wait and run times: bucket i holds [2^(i/4), 2^((i+1)/4)) ms (bucket 0 also everything under
 * 1 ms), the same formula as the roll-up's SQL. Counts per bucket add up across minutes and task types, so a
 * percentile over any range is read from the merged buckets; the answer is the bucket's geometric middle, within
 * ±9 % of the true value.
 */

/** Buckets by index → count. */
export type Buckets = Record<string, number>;

/** Adds `more` into `into`. */
export function addBuckets(into: Buckets, more: Buckets): void {
  for (const [i, n] of Object.entries(more)) into[i] = (into[i] ?? 0) + n;
}

/** The bucket of a time in ms (as computeTaskFigures.sql computes it). */
export function bucketOf(ms: number): number {
  return Math.floor(Math.log2(Math.max(ms, 1)) * 4);
}

/** The q-quantile (0 < q ≤ 1) of the counts, ms, rounded; null without any. */
export function quantileMs(buckets: Buckets, q: number): number | null {
  const entries = Object.entries(buckets)
    .map(([i, n]) => [Number(i), n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const [i, n] of entries) {
    seen += n;
    if (seen >= rank) return i === 0 ? 1 : Math.round(2 ** ((i + 0.5) / 4));
  }
  return null;
}
