/**
 * `npm run bench:floor`: how fast the task store's own statements go with no engine around them, beside the
 * engine on the same store and the peers issue 18 measures it against (graphile-worker, BullMQ) — the ceiling any
 * engine on this schema could reach on this machine, so a throughput target above it is seen to need a change of
 * the store, not of the engine.
 *   - `store alone (kind)`: 20,000 no-op tasks inserted by 5,000, then BENCH_FLOOR_LOOPS (default 4) loops each
 *     claiming up to BENCH_FLOOR_CLAIM (default 500, the runner's most prefetched) and completing them in one
 *     batch (bench/floor/storeLoop.ts);
 *   - `Taskcast (kind)`: bench:engine's throughput run (20,000 no-op tasks at concurrency 10);
 *   - graphile-worker and BullMQ as bench:engine runs them (in a child process each, with their latency run).
 * The systems take turns (bench/engine/rounds.ts), BENCH_RUNS rounds (default 5). Prints each median with its
 * min–max, CPU per task (this process's, and the whole machine's from /proc/stat for the store-alone runs), the
 * ratios per round against graphile-worker and BullMQ and their medians, and a final JSON line.
 */
import { runPeerProcess } from '../engine/peerProcess.js';
import { type PairedRatio, pairedRatio } from '../engine/pairedRatios.js';
import { positiveInt } from '../engine/positiveInt.js';
import { median } from '../engine/percentiles.js';
import { runRounds, type RoundSystem } from '../engine/rounds.js';
import { formatSpread, spreadOf } from '../engine/spread.js';
import { measureThroughputAndCpu } from '../engine/throughput.js';
import { measureStoreFloor } from './storeLoop.js';

const RUNS = positiveInt('BENCH_RUNS', 5);
const LOOPS = positiveInt('BENCH_FLOOR_LOOPS', 4);
const CLAIM = positiveInt('BENCH_FLOOR_CLAIM', 500);
const JOBS = 20_000;
const KINDS = ['sqlite', 'postgres'] as const;
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Run {
  throughput: number;
  processCpuUs: number | null;
  machineCpuUs: number | null;
}
const describe = (r: Run) =>
  `${Math.round(r.throughput)} tasks/s` +
  (r.processCpuUs === null ? '' : `, this process ${r.processCpuUs.toFixed(0)} µs CPU a task`) +
  (r.machineCpuUs === null ? '' : `, machine ${r.machineCpuUs.toFixed(0)} µs`);

const systems: RoundSystem<Run>[] = [
  ...KINDS.map((kind) => ({
    name: `store alone (${kind})`,
    run: () => measureStoreFloor(kind, { jobs: JOBS, insertBatch: 5000, loops: LOOPS, claimLimit: CLAIM }),
    describe,
  })),
  ...KINDS.map((kind) => ({
    name: `Taskcast (${kind})`,
    run: async (): Promise<Run> => {
      const r = await measureThroughputAndCpu(kind, JOBS, 10);
      return { throughput: r.throughput, processCpuUs: r.cpuUsPerTask, machineCpuUs: null };
    },
    describe,
  })),
  ...(['graphile-worker', 'bullmq'] as const).map((name) => ({
    name,
    run: async (): Promise<Run | null> => {
      const peer = await runPeerProcess(name, log);
      return peer && { throughput: peer.throughput, processCpuUs: null, machineCpuUs: null };
    },
    describe,
  })),
];
const rounds = await runRounds(systems, RUNS, log);

const fmtOrDash = (runs: (number | null)[], digits: number) => {
  const known = runs.filter((v): v is number => v !== null);
  return known.length === 0 ? '—' : formatSpread(spreadOf(known), digits);
};
const rows = [...rounds.runs].map(([name, runs]) => ({
  system: name,
  'tasks/s (min–max)': formatSpread(spreadOf(runs.map((r) => r.result.throughput)), 0),
  'process µs/task': fmtOrDash(
    runs.map((r) => r.result.processCpuUs),
    0,
  ),
  'machine µs/task': fmtOrDash(
    runs.map((r) => r.result.machineCpuUs),
    0,
  ),
}));
console.table(rows);

const paired: Record<string, PairedRatio> = {};
for (const kind of KINDS) {
  for (const name of [`store alone (${kind})`, `Taskcast (${kind})`]) {
    for (const ref of ['graphile-worker', 'bullmq']) {
      const a = rounds.runs.get(name);
      const b = rounds.runs.get(ref);
      const p = a && b && pairedRatio(a, b);
      if (p) {
        paired[`${name} / ${ref}`] = p;
        console.log(`${name} / ${ref} per round: ${p.rounds.join(', ')}; median ${p.median}×`);
      }
    }
  }
}
const medians = Object.fromEntries([...rounds.runs].map(([name, runs]) => [name, median(runs.map((r) => r.result.throughput))]));
console.log(
  JSON.stringify({ benchmark: 'floor', runs: RUNS, jobs: JOBS, loops: LOOPS, claimLimit: CLAIM, medians, paired, order: rounds.order }),
);
