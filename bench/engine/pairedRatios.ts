import { median } from './percentiles.js';
import type { RoundRun } from './rounds.js';

/** Ratios of two systems' throughput taken round by round, and their median. */
export interface PairedRatio {
  /** The median of `rounds`, two decimals. */
  median: string;
  /** `a / b` in each round both ran, two decimals, in round order. */
  rounds: string[];
}

/**
 * `a`'s throughput over `b`'s within each round. The two runs of a round are minutes apart at most, so a
 * change in the machine's load between rounds moves both and mostly cancels out of their ratio, where it
 * would not out of the ratio of two medians taken from different rounds. Null if no round has both.
 */
export function pairedRatio<R extends { throughput: number }>(a: readonly RoundRun<R>[], b: readonly RoundRun<R>[]): PairedRatio | null {
  const ratios: number[] = [];
  for (const run of a) {
    const other = b.find((r) => r.round === run.round);
    if (other) ratios.push(run.result.throughput / other.result.throughput);
  }
  if (ratios.length === 0) return null;
  return { median: median(ratios).toFixed(2), rounds: ratios.map((r) => r.toFixed(2)) };
}
