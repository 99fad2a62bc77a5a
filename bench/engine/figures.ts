/**
 * What the engine benchmark reports per system: medians, as before, with the range and every run beside
 * them, and the load average read before each throughput run (bench/engine/rounds.ts).
 */
import type { PeerResult } from '../peers/types.js';
import type { Latency } from './latency.js';
import { median } from './percentiles.js';
import { spreadOf } from './spread.js';

/** Throughput over the rounds: the median, its range, every run in round order and the load before each. */
export interface ThroughputFigures {
  /** Median tasks (or jobs) per second. */
  throughput: number;
  min: number;
  max: number;
  runs: number[];
  /** The 1-minute load average read just before each run, parallel to `runs`. */
  loadAverages: number[];
}

/** Latency medians (ms) with the range and every run of the p50. */
export interface LatencyFigures extends Latency {
  p50Min: number;
  p50Max: number;
  p50Runs: number[];
}

/** Taskcast on one store. */
export interface TaskcastFigures extends ThroughputFigures {
  inProcess: LatencyFigures;
  crossProcess: LatencyFigures;
  /** A delayed task's start after its run_at (ms). */
  delayedStart: LatencyFigures;
  /** Median ns per `progress()` call. */
  nsPerCall: number;
  /** Median WebSocket updates a client received for the progress run. */
  wsUpdates: number;
}

/** A peer queue: its first run's result with the medians put in, and the ranges. */
export interface PeerFigures extends PeerResult, ThroughputFigures {
  latencyP50Min: number | null;
  latencyP50Max: number | null;
  latencyP50Runs: number[] | null;
}

/** The throughput figures of runs (at least one) and the load averages read before them. */
export function throughputFigures(runs: readonly number[], loadAverages: readonly number[]): ThroughputFigures {
  const s = spreadOf(runs);
  return { throughput: s.median, min: s.min, max: s.max, runs: s.runs, loadAverages: [...loadAverages] };
}

/** The latency figures of runs (at least one). */
export function latencyFigures(runs: readonly Latency[]): LatencyFigures {
  const p50 = spreadOf(runs.map((l) => l.p50));
  return { p50: p50.median, p99: median(runs.map((l) => l.p99)), p50Min: p50.min, p50Max: p50.max, p50Runs: p50.runs };
}

/** A peer's figures from its runs (at least one) and the load averages read before them. */
export function peerFigures(results: readonly PeerResult[], loadAverages: readonly number[]): PeerFigures {
  const first = results[0]!;
  const p50 = first.latencyP50Ms === null ? null : spreadOf(results.map((r) => r.latencyP50Ms!));
  return {
    ...first,
    ...throughputFigures(
      results.map((r) => r.throughput),
      loadAverages,
    ),
    latencyP50Ms: p50?.median ?? null,
    latencyP99Ms: first.latencyP99Ms === null ? null : median(results.map((r) => r.latencyP99Ms!)),
    latencyP50Min: p50?.min ?? null,
    latencyP50Max: p50?.max ?? null,
    latencyP50Runs: p50?.runs ?? null,
  };
}
