/**
 * bench:metrics — what /metrics costs the engine (issue 14: throughput with metrics on ≥ 0.98× off, in the same run).
 * `npm run bench`'s no-op throughput (20,000 tasks, concurrency 10) with the engine's TaskObserver set to a node's
 * metrics (TaskcastMetrics: its registry, the default process metrics, the per-type counters and histograms) and
 * without, the two taking turns in every round (bench/engine/rounds.ts), on SQLite and PostgreSQL. Prints each
 * run, the medians (min–max), the paired ratio on/off per round and its median against 0.98 — of the throughput, and of
 * this process's CPU time per task (off/on), which other work on the machine moves far less — and a final JSON line.
 * BENCH_RUNS (rounds, default 7), BENCH_STORES (sqlite,postgres).
 */
import { TaskcastMetrics } from '../../src/metrics/index.js';
import { median } from '../engine/percentiles.js';
import { runRounds, type RoundSystem } from '../engine/rounds.js';
import { formatSpread, spreadOf } from '../engine/spread.js';
import { measureThroughput, measureThroughputAndCpu } from '../engine/throughput.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const JOBS = 20_000;
const CONCURRENCY = 10;
const TARGET = 0.98;

interface Run {
  throughput: number;
  /** This process's CPU time per task, µs. */
  cpuUsPerTask: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
// One node's metrics for every "on" run, as a process has one: its default process metrics (a GC observer, an event
// loop delay monitor) cannot be stopped, so they run from here on in the "off" runs too — what is compared is the
// engine's per-task path. (A new one per run left 15 of each running by the last round.)
const nodeMetrics = new TaskcastMetrics({ token: 'bench-token-0123456789' });
const results: Record<string, unknown> = {};
for (const kind of STORES) {
  const system = (name: string, metricsOn: boolean): RoundSystem<Run> => ({
    name,
    run: async () => {
      const observer = metricsOn ? nodeMetrics.tasks : undefined;
      return measureThroughputAndCpu(kind, JOBS, CONCURRENCY, observer);
    },
    describe: (r) => `${Math.round(r.throughput).toLocaleString('en')} tasks/s, ${r.cpuUsPerTask.toFixed(1)} µs CPU a task`,
  });
  // A warm-up run first (JIT, the database's caches), left out.
  await measureThroughput(kind, JOBS, CONCURRENCY);
  const { runs } = await runRounds([system(`${kind}, metrics off`, false), system(`${kind}, metrics on`, true)], RUNS, log);
  const off = runs.get(`${kind}, metrics off`)!;
  const on = runs.get(`${kind}, metrics on`)!;
  const offSpread = spreadOf(off.map((r) => r.result.throughput));
  const onSpread = spreadOf(on.map((r) => r.result.throughput));
  // Paired within each round (see bench/engine/pairedRatios.ts), three decimals: the target is 2 %.
  const ratios = on.map((r) => r.result.throughput / off.find((o) => o.round === r.round)!.result.throughput);
  const pairedMedian = median(ratios);
  // CPU per task, paired the same way: off/on, so that above 1 means cheaper and it reads like the throughput ratio.
  const cpuRatios = on.map((r) => off.find((o) => o.round === r.round)!.result.cpuUsPerTask / r.result.cpuUsPerTask);
  const cpuMedian = median(cpuRatios);
  const offCpu = spreadOf(off.map((r) => r.result.cpuUsPerTask));
  const onCpu = spreadOf(on.map((r) => r.result.cpuUsPerTask));
  log('');
  log(`${kind}: metrics off ${formatSpread(offSpread, 0)} tasks/s, on ${formatSpread(onSpread, 0)} tasks/s`);
  log(
    `${kind}: on/off per round ${ratios.map((r) => r.toFixed(3)).join(', ')}; median ${pairedMedian.toFixed(3)}× ` +
      `(target ≥ ${TARGET}×: ${pairedMedian >= TARGET ? 'met' : 'NOT met'}); ratio of the medians ${(onSpread.median / offSpread.median).toFixed(3)}×`,
  );
  log(`${kind}: CPU a task off ${formatSpread(offCpu, 1)} µs, on ${formatSpread(onCpu, 1)} µs`);
  log(
    `${kind}: CPU off/on per round ${cpuRatios.map((r) => r.toFixed(3)).join(', ')}; median ${cpuMedian.toFixed(3)}× ` +
      `(target ≥ ${TARGET}×: ${cpuMedian >= TARGET ? 'met' : 'NOT met'})`,
  );
  log('');
  results[kind] = {
    off: offSpread,
    on: onSpread,
    pairedMedian: Number(pairedMedian.toFixed(3)),
    pairedRounds: ratios.map((r) => Number(r.toFixed(3))),
    cpu: { off: offCpu, on: onCpu, pairedMedian: Number(cpuMedian.toFixed(3)), pairedRounds: cpuRatios.map((r) => Number(r.toFixed(3))) },
  };
}
log(JSON.stringify({ benchmark: 'metrics', jobs: JOBS, concurrency: CONCURRENCY, rounds: RUNS, target: TARGET, results }));
process.exit(0);
