/**
 * `npm run bench:engine` (also `npm run bench`): the task engine on SQLite and on PostgreSQL, and the same
 * no-op workload on graphile-worker and pg-boss (PostgreSQL) and BullMQ (Redis), medians of 5 runs.
 *   (a) 20,000 no-op tasks enqueued in bulk and run at concurrency 10: tasks/s. The systems take turns
 *       (bench/engine/rounds.ts): each round runs every system once, the order rotated by one place per
 *       round, and the 1-minute load average is printed before each run;
 *   (b) enqueue → handler start for 500 sequential tasks, in-process and from another process: p50/p99 ms
 *       (a peer measures it in the child process of its round, after its throughput run);
 *   (c) one task calling progress() 1,000,000 times: ns per call, and updates that reached a WebSocket client;
 *   (d) a delayed task's start after its run_at, for 40 sequential tasks enqueued with delay_ms 50: p50/p99 ms.
 * Prints a table (each median with its min–max), the throughput ratios (of the medians, and per round with
 * their median) and a final JSON line. BENCH_RUNS (rounds, default 5), BENCH_STORES, BENCH_PEERS=0 change
 * what runs; BENCH_TASK_OWNER=<user id> gives the throughput run's tasks an owner (they have none by default).
 */
import { latencyFigures, peerFigures, throughputFigures, type PeerFigures, type TaskcastFigures } from './figures.js';
import { measureDelayedStart } from './delayedStart.js';
import { measureLatency, type Latency } from './latency.js';
import { pairedRatio, type PairedRatio } from './pairedRatios.js';
import { median } from './percentiles.js';
import { runPeerProcess } from './peerProcess.js';
import { measureProgress } from './progress.js';
import { loadAverageNow, runRounds, type RoundSystem } from './rounds.js';
import { fmt, tableRows } from './table.js';
import { measureThroughput } from './throughput.js';
import { PEERS } from '../peers/run.js';
import type { PeerResult } from '../peers/types.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  process.stderr.write(`BENCH_RUNS must be an integer >= 1, got ${JSON.stringify(process.env.BENCH_RUNS)}\n`);
  process.exit(64);
}
const JOBS = 20_000;
const CONCURRENCY = 10;
const LATENCY_TASKS = 500;
const PROGRESS_CALLS = 1_000_000;
const DELAYED_TASKS = 40;
const DELAY_MS = 50;
const kinds = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const withPeers = process.env.BENCH_PEERS !== '0';
const log = (s: string) => process.stderr.write(`${s}\n`);
const taskcastName = (kind: string) => `Taskcast (${kind})`;

/** One throughput run of a system; a peer's run also carries its whole result (with latency). */
interface Run {
  throughput: number;
  peer?: PeerResult;
}

const systems: RoundSystem<Run>[] = [
  ...kinds.map((kind) => ({
    name: taskcastName(kind),
    run: async (): Promise<Run> => ({ throughput: await measureThroughput(kind, JOBS, CONCURRENCY) }),
    describe: (r: Run) => `${Math.round(r.throughput)} tasks/s`,
  })),
  ...(withPeers ? PEERS : []).map((name) => ({
    name,
    run: async (): Promise<Run | null> => {
      const peer = await runPeerProcess(name, log);
      return peer && { throughput: peer.throughput, peer };
    },
    describe: (r: Run) => `${Math.round(r.throughput)} jobs/s, p50 ${fmt(r.peer!.latencyP50Ms)} ms`,
  })),
];
const rounds = await runRounds(systems, RUNS, log);

const taskcast: Record<string, TaskcastFigures> = {};
for (const kind of kinds) {
  const runs = rounds.runs.get(taskcastName(kind))!;
  log(`${taskcastName(kind)} latency, progress and delayed start, load average ${loadAverageNow().toFixed(2)}`);
  const inProcess: Latency[] = [];
  const crossProcess: Latency[] = [];
  for (let i = 0; i < RUNS; i++) inProcess.push(await measureLatency(kind, LATENCY_TASKS, false));
  for (let i = 0; i < RUNS; i++) crossProcess.push(await measureLatency(kind, LATENCY_TASKS, true));
  const progress = [];
  for (let i = 0; i < RUNS; i++) progress.push(await measureProgress(kind, PROGRESS_CALLS));
  const delayed: Latency[] = [];
  for (let i = 0; i < RUNS; i++) delayed.push(await measureDelayedStart(kind, DELAYED_TASKS, DELAY_MS));
  const tp = throughputFigures(
    runs.map((r) => r.result.throughput),
    runs.map((r) => r.loadAverage),
  );
  taskcast[kind] = {
    ...tp,
    inProcess: latencyFigures(inProcess),
    crossProcess: latencyFigures(crossProcess),
    delayedStart: latencyFigures(delayed),
    nsPerCall: median(progress.map((p) => p.nsPerCall)),
    wsUpdates: median(progress.map((p) => p.wsUpdates)),
  };
  log(`${kind}: ${JSON.stringify(taskcast[kind])}`);
}

const peers: PeerFigures[] = [];
for (const name of PEERS) {
  const runs = rounds.runs.get(name);
  if (runs) {
    peers.push(
      peerFigures(
        runs.map((r) => r.result.peer!),
        runs.map((r) => r.loadAverage),
      ),
    );
  }
}

console.table(tableRows(taskcast, peers));

const ratios: Record<string, string> = {};
const pairedRatios: Record<string, PairedRatio> = {};
for (const [kind, t] of Object.entries(taskcast)) {
  for (const p of peers) {
    const key = `taskcast_${kind}_vs_${p.peer}`;
    ratios[key] = (t.throughput / p.throughput).toFixed(2);
    const paired = pairedRatio(rounds.runs.get(taskcastName(kind))!, rounds.runs.get(p.peer)!);
    if (paired) pairedRatios[key] = paired;
  }
}
for (const [k, v] of Object.entries(ratios)) console.log(`${k}: ${v}×`);
for (const [k, v] of Object.entries(pairedRatios)) console.log(`${k} per round: ${v.rounds.join(', ')}; median ${v.median}×`);
console.log(
  JSON.stringify({
    benchmark: 'engine',
    runs: RUNS,
    jobs: JOBS,
    concurrency: CONCURRENCY,
    taskcast,
    peers,
    ratios,
    pairedRatios,
    order: rounds.order,
  }),
);
