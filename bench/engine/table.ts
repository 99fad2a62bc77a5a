import type { PeerFigures, TaskcastFigures } from './figures.js';
import { formatSpread, spreadOf } from './spread.js';

/** A number to `digits` decimals, or a dash when there is none. */
export const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '—' : n.toFixed(digits));

/** "median (min–max)" of the runs. */
const withRange = (runs: readonly number[], digits: number) => formatSpread(spreadOf(runs), digits);

/** The range of the load averages seen before a system's runs. */
const loadRange = (loads: readonly number[]) => {
  const s = spreadOf(loads);
  return s.min === s.max ? s.min.toFixed(2) : `${s.min.toFixed(2)}–${s.max.toFixed(2)}`;
};

/** The rows of the engine benchmark's table: each median with its min–max beside it when there are several runs. */
export function tableRows(taskcast: Record<string, TaskcastFigures>, peers: readonly PeerFigures[]): Record<string, string | number>[] {
  return [
    ...Object.entries(taskcast).map(([kind, t]) => ({
      system: `Taskcast (${kind})`,
      'no-op tasks/s (min–max)': withRange(t.runs, 0),
      'load avg': loadRange(t.loadAverages),
      'p50 ms (in-proc)': withRange(t.inProcess.p50Runs, 2),
      'p99 ms (in-proc)': fmt(t.inProcess.p99),
      'p50 ms (x-proc)': withRange(t.crossProcess.p50Runs, 2),
      'p99 ms (x-proc)': fmt(t.crossProcess.p99),
      'delayed start late p50 ms': withRange(t.delayedStart.p50Runs, 2),
      'p99 ms (late)': fmt(t.delayedStart.p99),
      'progress() ns': fmt(t.nsPerCall, 1),
      'ws updates': t.wsUpdates,
    })),
    ...peers.map((p) => ({
      system: `${p.peer} (${p.backend})`,
      'no-op tasks/s (min–max)': withRange(p.runs, 0),
      'load avg': loadRange(p.loadAverages),
      'p50 ms (in-proc)': p.latencyP50Runs === null ? '—' : withRange(p.latencyP50Runs, 2),
      'p99 ms (in-proc)': fmt(p.latencyP99Ms),
      'p50 ms (x-proc)': '—',
      'p99 ms (x-proc)': '—',
      'delayed start late p50 ms': '—',
      'p99 ms (late)': '—',
      'progress() ns': '—',
      'ws updates': '—',
    })),
  ];
}
