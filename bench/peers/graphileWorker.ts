/**
 * graphile-worker 0.18 on PostgreSQL, set up the way its performance page does for throughput
 * (https://worker.graphile.org/docs/performance): the local queue (a pool-side batch fetch), batched
 * job completion/failure with a delay of 0, and a pool one larger than the concurrency.
 *
 * Isolation: a fresh schema `bench_gw_<random>` (graphile-worker's `schema` option), dropped at the end.
 *
 * Throughput: t0 is taken just before the one `addJobs` call (WorkerUtils, a single `add_jobs` SQL
 * call with all the jobs); the end is the first moment, after the handler has run for every job, at
 * which `<schema>._private_jobs` is empty. graphile-worker deletes a job when its completion is
 * written, and with `completeJobBatchDelay` the completion is written after the handler returns, so
 * only the empty table says the last completion is final. The table is polled every 1 ms from that
 * point on (not before, so the poll takes no CPU from the run).
 *
 * Latency: the runner's own `addJob`, one job at a time; performance.now() just before the call to
 * the handler's first line, in this process.
 */
import { Logger, makeWorkerUtils, run as runGraphileWorker, type Runner, type Task, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { checkPostgres, deferred, debug, envNumber, percentile, PG_URL, pollUntil, randomSuffix, round, withTimeout } from './common.js';
import { PEER_ADMIN_APPLICATION, type PeerOptions, type PeerResult } from './types.js';

/** Local queue size: the value the graphile-worker performance page benchmarks with. */
const LOCAL_QUEUE_SIZE = envNumber('PEER_GW_LOCAL_QUEUE_SIZE', 500);
/** How long fetched jobs may wait in the local queue before being returned (the default, 5 min). */
const LOCAL_QUEUE_TTL_MS = 300_000;
/** 0 = batch the completions (failures) that land in the same tick (the performance page's setting). */
const COMPLETE_JOB_BATCH_DELAY_MS = envNumber('PEER_GW_COMPLETE_JOB_BATCH_DELAY', 0);
const FAIL_JOB_BATCH_DELAY_MS = envNumber('PEER_GW_FAIL_JOB_BATCH_DELAY', 0);

/** graphile-worker's logger, silenced (the peer prints one JSON line and nothing else). */
const silentLogger = new Logger(() => () => {});

export async function run(opts: PeerOptions): Promise<PeerResult> {
  await checkPostgres(PG_URL);
  const schema = `bench_gw_${randomSuffix()}`;
  const maxPoolSize = opts.concurrency + 1;
  const config =
    `concurrentJobs=${opts.concurrency}, maxPoolSize=${maxPoolSize}, ` +
    `localQueue={size:${LOCAL_QUEUE_SIZE}, ttl:${LOCAL_QUEUE_TTL_MS}ms, refetchDelay:off}, ` +
    `completeJobBatchDelay=${COMPLETE_JOB_BATCH_DELAY_MS}, failJobBatchDelay=${FAIL_JOB_BATCH_DELAY_MS}, ` +
    `pollInterval=2000 (default; new jobs arrive by LISTEN/NOTIFY), ` +
    `enqueue: WorkerUtils.addJobs (one add_jobs call); latency enqueue: runner.addJob; schema ${schema}`;

  let phase: 'throughput' | 'latency' = 'throughput';
  let handled = 0;
  const allHandled = deferred();
  let onStart: ((t: number) => void) | null = null;

  const noop: Task = () => {
    if (phase === 'latency') {
      const t = performance.now();
      const cb = onStart;
      onStart = null;
      cb?.(t);
      return;
    }
    if (++handled === opts.jobs) allHandled.resolve();
  };

  // Named, so bench:pgcounts leaves its polling out of the peer's counts.
  const admin = new pg.Client({ connectionString: PG_URL, application_name: PEER_ADMIN_APPLICATION });
  admin.on('error', () => {});
  let runner: Runner | undefined;
  let utils: WorkerUtils | undefined;
  await admin.connect();
  try {
    runner = await runGraphileWorker({
      taskList: { noop },
      noHandleSignals: true,
      logger: silentLogger,
      parsedCronItems: [],
      preset: {
        worker: {
          connectionString: PG_URL,
          schema,
          concurrentJobs: opts.concurrency,
          maxPoolSize,
          logger: silentLogger,
          localQueue: { size: LOCAL_QUEUE_SIZE, ttl: LOCAL_QUEUE_TTL_MS },
          completeJobBatchDelay: COMPLETE_JOB_BATCH_DELAY_MS,
          failJobBatchDelay: FAIL_JOB_BATCH_DELAY_MS,
          gracefulShutdownAbortTimeout: 2_000,
        },
      },
    });
    utils = await makeWorkerUtils({ connectionString: PG_URL, schema, logger: silentLogger });
    const workerUtils = utils;

    // (a) throughput
    const specs = Array.from({ length: opts.jobs }, (_, i) => ({ identifier: 'noop', payload: { i } }));
    await opts.hooks?.beforeEnqueue(schema);
    const t0 = performance.now();
    await workerUtils.addJobs(specs);
    debug(`graphile-worker: addJobs(${opts.jobs}) took ${(performance.now() - t0).toFixed(0)} ms`);
    await withTimeout(allHandled.promise, 120_000, `graphile-worker handling ${opts.jobs} jobs`);
    const tEnd = await pollUntil(
      async () => {
        const r = await admin.query<{ n: number }>(`select count(*)::int as n from "${schema}"._private_jobs`);
        return r.rows[0]!.n === 0;
      },
      1,
      30_000,
      'graphile-worker jobs table to empty',
    );
    debug(`graphile-worker: all handled → table empty at ${(tEnd - t0).toFixed(0)} ms`);
    const throughput = opts.jobs / ((tEnd - t0) / 1000);

    // (b) latency
    let p50: number | null = null;
    let p99: number | null = null;
    if (opts.latencyJobs > 0) {
      phase = 'latency';
      const r = runner;
      const delays: number[] = [];
      for (let i = 0; i < opts.latencyJobs; i++) {
        const started = deferred<number>();
        onStart = started.resolve;
        const t = performance.now();
        await r.addJob('noop', { i });
        delays.push((await withTimeout(started.promise, 30_000, 'graphile-worker latency job start')) - t);
      }
      p50 = round(percentile(delays, 50), 3);
      p99 = round(percentile(delays, 99), 3);
    }

    return {
      peer: 'graphile-worker',
      backend: 'postgres',
      config,
      throughput: Math.round(throughput),
      latencyP50Ms: p50,
      latencyP99Ms: p99,
    };
  } finally {
    await runner?.stop().catch(() => {});
    await Promise.resolve()
      .then(() => utils?.release())
      .catch(() => {});
    await opts.hooks?.afterClose(schema);
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await admin.end().catch(() => {});
  }
}
