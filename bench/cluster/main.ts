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
 * I/O-bound tasks; the serve node's memory per idle socket < 30 KB) and a final JSON line.
 *
 * `-- --clients=5000`: that many clients instead of 1,000 (issue 13's capacity figure); `-- --fan-out-only`
 * skips (2) and (3). The clients are the bare ones of rawClient.ts (the load generator shares the two cores with
 * the system it measures); `-- --ws-client` uses `ws`'s client instead, to compare. Every client must receive
 * every update: a run where one did not fails the benchmark (exit code 1, after the figures). The serve node
 * followed runs bench/cluster/benchServe.ts with --expose-gc:
 * its RSS and heap after a GC, before the clients connect and with all of them connected and idle, give the
 * memory per idle socket (RSS from the first run: later ones reuse pages the previous run's sockets freed).
 * The socket limits are raised for the benchmark's user (UNLIMITED_RATE_ENV of test/support/rateLimits.ts:
 * sockets per user, upgrades per address per minute), so all clients share 127.0.0.1; the client process
 * needs a descriptor per client (checked against `ulimit -n` at the start).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { TaskEngine } from '../../src/engine/index.js';
import { openPostgres } from '../../src/store/index.js';
import { Cluster, type BusKind, type ServeNode } from '../../test/cluster/cluster.js';
import { median } from '../engine/percentiles.js';
import { benchFeature } from './benchTypes.js';
import { measureFanOut, type ClientKind, type FanOutFigures, type ServeMemory } from './latency.js';
import { measureThroughput } from './throughput.js';

const bus: BusKind = process.argv.includes('--redis') || process.env.BENCH_BUS === 'redis' ? 'redis' : 'postgres';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const clientsArg = process.argv.find((a) => a.startsWith('--clients='));
const CLIENTS = clientsArg ? Number(clientsArg.slice('--clients='.length)) : 1000;
if (!Number.isInteger(CLIENTS) || CLIENTS < 1) throw new Error(`--clients must be a positive integer, not ${clientsArg}`);
const FAN_OUT_ONLY = process.argv.includes('--fan-out-only');
/** The followers' client: the bare one of rawClient.ts, or `ws`'s with `--ws-client` (to compare the load generator's cost). */
const CLIENT: ClientKind = process.argv.includes('--ws-client') ? 'ws' : 'raw';
/** Extra node options of the serve node the clients follow, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
const SERVE_ARGS = process.env.BENCH_SERVE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const UPDATES = 300;
const UPDATE_INTERVAL_MS = 100;
const PROGRESS_INTERVAL_MS = 10;
const CONCURRENCY = 10;
const SLEEP_JOBS = 2000;
const SLEEP_MS = 20;
const NOOP_JOBS = 10_000;
const TARGET_P99_MS = 100;
const TARGET_SCALING = 1.8;
const TARGET_KB_PER_SOCKET = 30;
const log = (s: string) => process.stderr.write(`${s}\n`);

// Each client is a descriptor of this process (and the serve node needs as many): fail now, not mid-run.
const openFiles = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
if (CLIENTS + 500 > openFiles) throw new Error(`${CLIENTS} clients need more descriptors than ulimit -n ${openFiles}: raise it first`);

/** The serve node's memory after a GC (benchServe.ts prints it on SIGUSR2). */
let probes = 0;
async function probeMemory(node: ServeNode): Promise<ServeMemory> {
  const line = node.process.waitForOutput(new RegExp(`memory-probe ${++probes} rss=(\\d+) heap=(\\d+)`));
  node.process.signal('SIGUSR2');
  const [, rss, heap] = await line;
  return { rss: Number(rss), heap: Number(heap) };
}

/** A process's CPU time (user + system) so far, ms, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A process's write system calls so far (write, writev, …), from /proc/<pid>/io: a count the machine's load does not move. */
function writeCallsOf(pid: number): number {
  return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
}

/** The serve node's write system calls per WebSocket message sent during the updates of one run. */
const writeCallsPerMessage = (f: FanOutFigures): number =>
  f.serveWriteCalls === null ? NaN : f.serveWriteCalls / (f.clients * (f.updates + 1));

/** The serve node's CPU time per WebSocket message sent during the updates of one run, µs. */
const cpuUsPerMessage = (f: FanOutFigures): number => (f.serveCpuMs === null ? NaN : (f.serveCpuMs * 1000) / (f.clients * (f.updates + 1)));

/** The clients' process's CPU time per WebSocket message received during the updates of one run, µs. */
const clientCpuUsPerMessage = (f: FanOutFigures): number => (f.clientCpuMs * 1000) / (f.clients * (f.updates + 1));

/** KB per idle socket of one run: [RSS, heap]. */
const kbPerSocket = (f: FanOutFigures): [number, number] =>
  f.memory
    ? [(f.memory.idle.rss - f.memory.before.rss) / f.clients / 1024, (f.memory.idle.heap - f.memory.before.heap) / f.clients / 1024]
    : [NaN, NaN];

const cluster = await Cluster.create({
  bus,
  simulator: false,
  env: { TASKCAST_PROGRESS_INTERVAL_MS: String(PROGRESS_INTERVAL_MS) },
  workerEntry: 'bench/cluster/benchWorker.ts',
  serveEntry: 'bench/cluster/benchServe.ts',
  workerEnv: { TASKCAST_CONCURRENCY: String(CONCURRENCY) },
});
const silent = pino({ level: 'silent' });
let enqueuer: TaskEngine | null = null;
let closeStorage = async () => {};

try {
  log(`cluster on ${cluster.db.name}, ${bus} bus: starting 2 serve nodes and 1 worker`);
  const [, B] = await Promise.all([cluster.serve('A'), cluster.serve('B', {}, ['--expose-gc', ...SERVE_ARGS]), cluster.worker('1')]);
  const token = await cluster.login(cluster.serveNode('A'));

  // The application side: enqueues the bench tasks into the cluster's database; runs nothing.
  const storage = openPostgres({ url: cluster.db.url });
  closeStorage = () => storage.close();
  enqueuer = new TaskEngine({ storage, runTasks: false });
  await benchFeature(cluster.db.url).setup({ config: loadConfig({}), engine: enqueuer, storage, logger: silent });
  await measureThroughput(cluster, enqueuer, 'bench_noop', 500); // warm-up

  const fanOut: FanOutFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    log(`fan-out run ${i + 1}: load average ${loadavg()[0]!.toFixed(2)} before`);
    const f = await measureFanOut(cluster, enqueuer, B, token, {
      clients: CLIENTS,
      updates: UPDATES,
      intervalMs: UPDATE_INTERVAL_MS,
      client: CLIENT,
      probeMemory: () => probeMemory(B),
      serveCpuMs: () => cpuMsOf(B.process.pid),
      serveWriteCalls: () => writeCallsOf(B.process.pid),
    });
    fanOut.push(f);
    const [rssKb, heapKb] = kbPerSocket(f);
    log(
      `fan-out run ${i + 1}: ${CLIENTS} clients, p50 ${f.p50Ms.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, ` +
        `max ${f.maxMs.toFixed(1)} ms, updates received per client ${f.minReceived}–${f.maxReceived} of ${UPDATES} sent; ` +
        `per update (median) first receipt ${f.firstReceiptMs.toFixed(1)} ms, last ${f.lastReceiptMs.toFixed(1)} ms; ` +
        `serve node per idle socket ${rssKb.toFixed(1)} KB RSS, ${heapKb.toFixed(1)} KB heap; ` +
        `serve node CPU ${cpuUsPerMessage(f).toFixed(1)} µs and ${writeCallsPerMessage(f).toFixed(3)} write calls per message sent; ` +
        `clients' process (${CLIENT} client) CPU ${clientCpuUsPerMessage(f).toFixed(1)} µs per message received; ` +
        `load average ${loadavg()[0]!.toFixed(2)} after`,
    );
  }
  const missed = fanOut.filter((f) => f.minReceived !== UPDATES || f.maxReceived !== UPDATES);

  const throughput = { sleep1: [] as number[], sleep2: [] as number[], noop1: [] as number[], noop2: [] as number[] };
  for (let i = 0; i < (FAN_OUT_ONLY ? 0 : RUNS); i++) {
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
  const p95 = median(fanOut.map((f) => f.p95Ms));
  const p99 = median(fanOut.map((f) => f.p99Ms));
  // RSS from the first run only: later runs reuse the pages the previous run's sockets left (freed, not returned).
  const rssKb = kbPerSocket(fanOut[0]!)[0];
  const heapKb = median(fanOut.map((f) => kbPerSocket(f)[1]));
  const cpuUs = median(fanOut.map(cpuUsPerMessage));
  const writeCalls = median(fanOut.map(writeCallsPerMessage));
  const clientCpuUs = median(fanOut.map(clientCpuUsPerMessage));
  const received = `${Math.min(...fanOut.map((f) => f.minReceived))}–${Math.max(...fanOut.map((f) => f.maxReceived))}`;
  const sleep1 = median(throughput.sleep1);
  const sleep2 = median(throughput.sleep2);
  const noop1 = median(throughput.noop1);
  const noop2 = median(throughput.noop2);
  const sleepScaling = sleep2 / sleep1;
  const noopScaling = noop2 / noop1;
  const idealSleep = (CONCURRENCY * 1000) / SLEEP_MS;

  const fanOutRows = [
    {
      measure: `updates received per client (${UPDATES} sent, ${RUNS} runs)`,
      value: received,
      target: `${UPDATES}`,
      met: missed.length ? 'NO' : 'yes',
    },
    { measure: `progress → ${CLIENTS} WS clients on another node, p50 ms`, value: p50.toFixed(1), target: '', met: '' },
    { measure: `progress → ${CLIENTS} WS clients on another node, p95 ms`, value: p95.toFixed(1), target: '', met: '' },
    {
      measure: `progress → ${CLIENTS} WS clients on another node, p99 ms`,
      value: `${p99.toFixed(1)} (${(p99 / TARGET_P99_MS).toFixed(2)} of target)`,
      target: `< ${TARGET_P99_MS}`,
      met: p99 < TARGET_P99_MS ? 'yes' : 'NO',
    },
    {
      measure: `per update: first / last socket's receipt, ms (medians)`,
      value: `${median(fanOut.map((f) => f.firstReceiptMs)).toFixed(1)} / ${median(fanOut.map((f) => f.lastReceiptMs)).toFixed(1)}`,
      target: '',
      met: '',
    },
    {
      measure: `serve node RSS per idle socket, KB (after GC, run 1)`,
      value: `${rssKb.toFixed(1)} (${(rssKb / TARGET_KB_PER_SOCKET).toFixed(2)} of target)`,
      target: `< ${TARGET_KB_PER_SOCKET}`,
      met: rssKb < TARGET_KB_PER_SOCKET ? 'yes' : 'NO',
    },
    { measure: `serve node heap per idle socket, KB (after GC, median)`, value: heapKb.toFixed(1), target: '', met: '' },
    { measure: `serve node CPU per message sent, µs (median)`, value: cpuUs.toFixed(1), target: '', met: '' },
    { measure: `serve node write system calls per message sent (median)`, value: writeCalls.toFixed(3), target: '', met: '' },
    {
      measure: `clients' process (${CLIENT} client) CPU per message received, µs (median)`,
      value: clientCpuUs.toFixed(1),
      target: '',
      met: '',
    },
  ];
  const throughputRows = [
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
  ];
  console.table(FAN_OUT_ONLY ? fanOutRows : [...fanOutRows, ...throughputRows]);
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
        p95_ms: p95,
        p99_ms: p99,
        every_update_received: missed.length === 0,
        rss_kb_per_idle_socket_run_1: rssKb,
        heap_kb_per_idle_socket: heapKb,
        serve_cpu_us_per_message: cpuUs,
        serve_write_calls_per_message: writeCalls,
        client_cpu_us_per_message: clientCpuUs,
        runs: fanOut,
      },
      sleep_tasks: FAN_OUT_ONLY
        ? null
        : {
            jobs: SLEEP_JOBS,
            sleep_ms: SLEEP_MS,
            concurrency_per_worker: CONCURRENCY,
            one_worker: sleep1,
            two_workers: sleep2,
            scaling: sleepScaling,
            runs: { one: throughput.sleep1, two: throughput.sleep2 },
          },
      noop_tasks: FAN_OUT_ONLY
        ? null
        : {
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
        kb_per_idle_socket_under: TARGET_KB_PER_SOCKET,
        kb_per_idle_socket_met: rssKb < TARGET_KB_PER_SOCKET,
        scaling_at_least: TARGET_SCALING,
        scaling_met: FAN_OUT_ONLY ? null : sleepScaling >= TARGET_SCALING,
      },
    }),
  );
  if (missed.length) {
    process.exitCode = 1;
    log(
      `FAILED: not every client received every update — runs ${missed.map((f) => `${fanOut.indexOf(f) + 1} (${f.minReceived}–${f.maxReceived} of ${UPDATES})`).join(', ')}`,
    );
  }
} finally {
  // A profile (BENCH_SERVE_NODE_ARGS) is written only when the process exits by itself: SIGTERM, not close's SIGKILL.
  if (SERVE_ARGS.length) await cluster.serveNode('B').process.terminate();
  await enqueuer?.stop(0);
  await closeStorage().catch(() => {});
  await cluster.close();
}
