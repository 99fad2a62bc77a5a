/**
 * `npm run bench:engine` (also `npm run bench`): the task engine on SQLite and on PostgreSQL, and the same
 * no-op workload on graphile-worker and pg-boss (PostgreSQL) and BullMQ (Redis), medians of 3 runs.
 *   (a) 20,000 no-op tasks enqueued in bulk and run at concurrency 10: tasks/s;
 *   (b) enqueue → handler start for 500 sequential tasks, in-process and from another process: p50/p99 ms;
 *   (c) one task calling progress() 1,000,000 times: ns per call, and updates that reached a WebSocket client.
 * Prints a table and a final JSON line. BENCH_RUNS, BENCH_STORES, BENCH_PEERS=0 change what runs;
 * BENCH_TASK_OWNER=<user id> gives the throughput run's tasks an owner (they have none by default).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { measureLatency, type Latency } from './latency.js';
import { median } from './percentiles.js';
import { measureProgress } from './progress.js';
import { measureThroughput } from './throughput.js';
import type { PeerResult } from '../peers/types.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const JOBS = 20_000;
const CONCURRENCY = 10;
const LATENCY_TASKS = 500;
const PROGRESS_CALLS = 1_000_000;
const kinds = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const withPeers = process.env.BENCH_PEERS !== '0';
const log = (s: string) => process.stderr.write(`${s}\n`);

async function medianLatency(kind: 'sqlite' | 'postgres', cross: boolean): Promise<Latency> {
  const all: Latency[] = [];
  for (let i = 0; i < RUNS; i++) all.push(await measureLatency(kind, LATENCY_TASKS, cross));
  return { p50: median(all.map((l) => l.p50)), p99: median(all.map((l) => l.p99)) };
}

async function runPeer(name: string): Promise<PeerResult | null> {
  const results: PeerResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/peers/run.ts', name], {
        maxBuffer: 1 << 20,
        timeout: 300_000,
      });
      results.push(JSON.parse(stdout.trim().split('\n').pop()!) as PeerResult);
    } catch (err) {
      log(`peer ${name} failed: ${(err as Error).message.split('\n')[0]}`);
      return null;
    }
  }
  return {
    ...results[0]!,
    throughput: median(results.map((r) => r.throughput)),
    latencyP50Ms: results[0]!.latencyP50Ms === null ? null : median(results.map((r) => r.latencyP50Ms!)),
    latencyP99Ms: results[0]!.latencyP99Ms === null ? null : median(results.map((r) => r.latencyP99Ms!)),
  };
}

const taskcast: Record<string, { throughput: number; inProcess: Latency; crossProcess: Latency; nsPerCall: number; wsUpdates: number }> =
  {};
for (const kind of kinds) {
  const tp: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    tp.push(await measureThroughput(kind, JOBS, CONCURRENCY));
    log(`${kind} throughput run ${i + 1}: ${Math.round(tp.at(-1)!)} tasks/s`);
  }
  const inProcess = await medianLatency(kind, false);
  const crossProcess = await medianLatency(kind, true);
  const progress = [];
  for (let i = 0; i < RUNS; i++) progress.push(await measureProgress(kind, PROGRESS_CALLS));
  taskcast[kind] = {
    throughput: median(tp),
    inProcess,
    crossProcess,
    nsPerCall: median(progress.map((p) => p.nsPerCall)),
    wsUpdates: median(progress.map((p) => p.wsUpdates)),
  };
  log(`${kind}: ${JSON.stringify(taskcast[kind])}`);
}

const peers: PeerResult[] = [];
if (withPeers) {
  for (const name of ['graphile-worker', 'pg-boss', 'bullmq']) {
    const r = await runPeer(name);
    if (r) peers.push(r);
    if (r) log(`${name}: ${Math.round(r.throughput)} jobs/s`);
  }
}

const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '—' : n.toFixed(digits));
const rows = [
  ...Object.entries(taskcast).map(([kind, t]) => ({
    system: `Taskcast (${kind})`,
    'no-op tasks/s': Math.round(t.throughput),
    'p50 ms (in-proc)': fmt(t.inProcess.p50),
    'p99 ms (in-proc)': fmt(t.inProcess.p99),
    'p50 ms (x-proc)': fmt(t.crossProcess.p50),
    'p99 ms (x-proc)': fmt(t.crossProcess.p99),
    'progress() ns': fmt(t.nsPerCall, 1),
    'ws updates': t.wsUpdates,
  })),
  ...peers.map((p) => ({
    system: `${p.peer} (${p.backend})`,
    'no-op tasks/s': Math.round(p.throughput),
    'p50 ms (in-proc)': fmt(p.latencyP50Ms),
    'p99 ms (in-proc)': fmt(p.latencyP99Ms),
    'p50 ms (x-proc)': '—',
    'p99 ms (x-proc)': '—',
    'progress() ns': '—',
    'ws updates': '—',
  })),
];
console.table(rows);

const ratios: Record<string, string> = {};
for (const [kind, t] of Object.entries(taskcast)) {
  for (const p of peers) ratios[`taskcast_${kind}_vs_${p.peer}`] = (t.throughput / p.throughput).toFixed(2);
}
for (const [k, v] of Object.entries(ratios)) console.log(`${k}: ${v}×`);
console.log(JSON.stringify({ benchmark: 'engine', runs: RUNS, jobs: JOBS, concurrency: CONCURRENCY, taskcast, peers, ratios }));
