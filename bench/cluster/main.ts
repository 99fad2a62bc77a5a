/**
 * `npm run bench:cluster`: Taskcast scaled out, as real processes on one fresh PostgreSQL database — two
 * serve nodes (HTTP + WebSocket only) and one or two bench workers (benchWorker.ts: the worker node with the
 * bench task types) — with the PostgreSQL bus, or the Redis bus with `--redis` / BENCH_BUS=redis.
 *   (1) latency from a progress() call on a worker to its receipt by 1,000 WebSocket clients following the
 *       task on another node: p50 and p99 over 300 updates 100 ms apart — the rate a task reaches with the
 *       default coalescing (TASKCAST_PROGRESS_INTERVAL_MS=100), 10,000 WebSocket messages a second — with
 *       TASKCAST_PROGRESS_INTERVAL_MS=10 here, so every update is written and sent at once (the coalescing
 *       wait, up to 10 ms, is part of the measured latency);
 *   (2) throughput of 2,000 tasks that each wait 20 ms (I/O-bound), concurrency 10 per worker, with one and
 *       with two workers, and the ratio;
 *   (3) the same for 10,000 no-op tasks.
 * Medians of 3 runs (BENCH_RUNS). Prints a table, the targets (p99 < 100 ms; two workers ≥ 1.8× one on the
 * I/O-bound tasks) and a final JSON line.
 */
import pino from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { TaskEngine } from '../../src/engine/index.js';
import { openPostgres } from '../../src/store/index.js';
import { Cluster, type BusKind } from '../../test/cluster/cluster.js';
import { median } from '../engine/percentiles.js';
import { benchFeature } from './benchTypes.js';
import { measureFanOut, type FanOutFigures } from './latency.js';
import { measureThroughput } from './throughput.js';

const bus: BusKind = process.argv.includes('--redis') || process.env.BENCH_BUS === 'redis' ? 'redis' : 'postgres';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLIENTS = 1000;
const UPDATES = 300;
const UPDATE_INTERVAL_MS = 100;
const PROGRESS_INTERVAL_MS = 10;
const CONCURRENCY = 10;
const SLEEP_JOBS = 2000;
const SLEEP_MS = 20;
const NOOP_JOBS = 10_000;
const TARGET_P99_MS = 100;
const TARGET_SCALING = 1.8;
const log = (s: string) => process.stderr.write(`${s}\n`);

const cluster = await Cluster.create({
  bus,
  simulator: false,
  env: { TASKCAST_PROGRESS_INTERVAL_MS: String(PROGRESS_INTERVAL_MS) },
  workerEntry: 'bench/cluster/benchWorker.ts',
  workerEnv: { TASKCAST_CONCURRENCY: String(CONCURRENCY) },
});
const silent = pino({ level: 'silent' });
let enqueuer: TaskEngine | null = null;
let closeStorage = async () => {};

try {
  log(`cluster on ${cluster.db.name}, ${bus} bus: starting 2 serve nodes and 1 worker`);
  const [, B] = await Promise.all([cluster.serve('A'), cluster.serve('B'), cluster.worker('1')]);
  const token = await cluster.login(cluster.serveNode('A'));

  // The application side: enqueues the bench tasks into the cluster's database; runs nothing.
  const storage = openPostgres({ url: cluster.db.url });
  closeStorage = () => storage.close();
  enqueuer = new TaskEngine({ storage, runTasks: false });
  await benchFeature(cluster.db.url).setup({ config: loadConfig({}), engine: enqueuer, storage, logger: silent });
  await measureThroughput(cluster, enqueuer, 'bench_noop', 500); // warm-up

  const fanOut: FanOutFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    fanOut.push(await measureFanOut(cluster, enqueuer, B, token, { clients: CLIENTS, updates: UPDATES, intervalMs: UPDATE_INTERVAL_MS }));
    const f = fanOut.at(-1)!;
    log(
      `fan-out run ${i + 1}: p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, max ${f.maxMs.toFixed(1)} ms, fewest updates per client ${f.minReceived}/${UPDATES}`,
    );
  }

  const throughput = { sleep1: [] as number[], sleep2: [] as number[], noop1: [] as number[], noop2: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    throughput.sleep1.push(await measureThroughput(cluster, enqueuer, 'bench_sleep', SLEEP_JOBS, { ms: SLEEP_MS }));
    throughput.noop1.push(await measureThroughput(cluster, enqueuer, 'bench_noop', NOOP_JOBS));
    await cluster.worker('2');
    throughput.sleep2.push(await measureThroughput(cluster, enqueuer, 'bench_sleep', SLEEP_JOBS, { ms: SLEEP_MS }));
    throughput.noop2.push(await measureThroughput(cluster, enqueuer, 'bench_noop', NOOP_JOBS));
    const exit = await cluster.workerNode('2').process.terminate();
    if (exit.code !== 0) throw new Error(`worker 2 exited with ${JSON.stringify(exit)}`);
    log(
      `throughput run ${i + 1}: sleep ${SLEEP_MS} ms ${Math.round(throughput.sleep1.at(-1)!)} → ${Math.round(throughput.sleep2.at(-1)!)} tasks/s, ` +
        `no-op ${Math.round(throughput.noop1.at(-1)!)} → ${Math.round(throughput.noop2.at(-1)!)} tasks/s (1 → 2 workers)`,
    );
  }

  const p50 = median(fanOut.map((f) => f.p50Ms));
  const p99 = median(fanOut.map((f) => f.p99Ms));
  const sleep1 = median(throughput.sleep1);
  const sleep2 = median(throughput.sleep2);
  const noop1 = median(throughput.noop1);
  const noop2 = median(throughput.noop2);
  const sleepScaling = sleep2 / sleep1;
  const noopScaling = noop2 / noop1;
  const idealSleep = (CONCURRENCY * 1000) / SLEEP_MS;

  console.table([
    { measure: `progress → ${CLIENTS} WS clients on another node, p50 ms`, value: p50.toFixed(1), target: '', met: '' },
    {
      measure: `progress → ${CLIENTS} WS clients on another node, p99 ms`,
      value: p99.toFixed(1),
      target: `< ${TARGET_P99_MS}`,
      met: p99 < TARGET_P99_MS ? 'yes' : 'NO',
    },
    { measure: `${SLEEP_MS} ms tasks/s, 1 worker (ideal ${idealSleep})`, value: Math.round(sleep1), target: '', met: '' },
    { measure: `${SLEEP_MS} ms tasks/s, 2 workers (ideal ${2 * idealSleep})`, value: Math.round(sleep2), target: '', met: '' },
    {
      measure: `${SLEEP_MS} ms tasks: 2 workers / 1 worker`,
      value: `${sleepScaling.toFixed(2)}×`,
      target: `≥ ${TARGET_SCALING}×`,
      met: sleepScaling >= TARGET_SCALING ? 'yes' : 'NO',
    },
    { measure: 'no-op tasks/s, 1 worker', value: Math.round(noop1), target: '', met: '' },
    { measure: 'no-op tasks/s, 2 workers', value: Math.round(noop2), target: '', met: '' },
    { measure: 'no-op tasks: 2 workers / 1 worker (2 cores)', value: `${noopScaling.toFixed(2)}×`, target: '', met: '' },
  ]);
  console.log(
    JSON.stringify({
      benchmark: 'cluster',
      bus,
      runs: RUNS,
      fan_out: {
        clients: CLIENTS,
        updates: UPDATES,
        update_interval_ms: UPDATE_INTERVAL_MS,
        progress_interval_ms: PROGRESS_INTERVAL_MS,
        p50_ms: p50,
        p99_ms: p99,
        runs: fanOut,
      },
      sleep_tasks: {
        jobs: SLEEP_JOBS,
        sleep_ms: SLEEP_MS,
        concurrency_per_worker: CONCURRENCY,
        one_worker: sleep1,
        two_workers: sleep2,
        scaling: sleepScaling,
        runs: { one: throughput.sleep1, two: throughput.sleep2 },
      },
      noop_tasks: {
        jobs: NOOP_JOBS,
        concurrency_per_worker: CONCURRENCY,
        one_worker: noop1,
        two_workers: noop2,
        scaling: noopScaling,
        runs: { one: throughput.noop1, two: throughput.noop2 },
      },
      targets: {
        p99_under_ms: TARGET_P99_MS,
        p99_met: p99 < TARGET_P99_MS,
        scaling_at_least: TARGET_SCALING,
        scaling_met: sleepScaling >= TARGET_SCALING,
      },
    }),
  );
} finally {
  await enqueuer?.stop(0);
  await closeStorage().catch(() => {});
  await cluster.close();
}
