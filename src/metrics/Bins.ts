/**
 * One histogram series: cumulative-on-read bucket counts, their sum and count. `observe` is a loop over the
 * bounds and three increments — no allocation — for it runs once or twice per task on the runner's hot path
 * (prom-client's own `observe` builds a label key string per call).
 */
export class Bins {
  /** Observations per bucket (not cumulative; the last one is +Inf). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}
