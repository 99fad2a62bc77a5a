import { median } from './percentiles.js';

/** A median with the range of the runs it was taken over. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every run's value, in the order they ran. */
  runs: number[];
}

/** The median, minimum and maximum of the runs (at least one). */
export function spreadOf(runs: readonly number[]): Spread {
  if (runs.length === 0) throw new Error('spread of no runs');
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs: [...runs] };
}

/** "median (min–max)", the range left out when there is one run only. */
export function formatSpread(s: Spread, digits: number): string {
  const f = (n: number) => n.toFixed(digits);
  return s.runs.length < 2 ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}
