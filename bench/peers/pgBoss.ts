/**
 * pg-boss 12 on PostgreSQL, set up for throughput the way its worker docs describe: `work()` with a
 * batch fetch (`batchSize`), `localConcurrency` workers (= the workload's concurrency), the minimum
 * polling interval (0.5 s), and `burstWhenBatchFull` so a worker whose fetch came back full fetches
 * again at once instead of sleeping out the polling interval. LISTEN/NOTIFY (`useListenNotify` on the
 * instance, `notify: true` on the queue) wakes idle workers when a job is created, instead of
 * polling; PEER_PGBOSS_NOTIFY=0 turns it off to see the polling-only figures.
 *
 * Isolation: a fresh schema `bench_pgboss_<random>` (pg-boss's `schema` option), dropped at the end.
 *
 * Throughput: t0 is taken just before the one `insert()` call with all the jobs (a single statement);
 * the end is the first moment, after the handler has run for every job, at which no job of the queue
 * is left in the created, retry or active state. pg-boss completes a batch after its handler
 * resolves, so only the table says the last completion is written. It is polled every 1 ms from that
 * point on (not before, so the poll takes no CPU from the run). Each worker's handler gets a batch
 * and runs its jobs one after another, so at most `concurrency` jobs run at once, and up to
 * `concurrency × batchSize` are fetched ahead, as with graphile-worker's local queue.
 *
 * Latency: `send()` one job at a time; performance.now() just before the call to the handler's
 * first line, in this process.
 */
import { PgBoss } from 'pg-boss';
import pg from 'pg';
import { checkPostgres, debug, deferred, envNumber, percentile, PG_URL, pollUntil, randomSuffix, round, withTimeout } from './common.js';
import type { PeerOptions, PeerResult } from './types.js';

/** Jobs per fetch for each worker (pg-boss's default is 1). */
const BATCH_SIZE = envNumber('PEER_PGBOSS_BATCH_SIZE', 100);
/** The minimum pg-boss allows (0.5 s). */
const POLLING_INTERVAL_SECONDS = envNumber('PEER_PGBOSS_POLLING_INTERVAL', 0.5);
const NOTIFY = envNumber('PEER_PGBOSS_NOTIFY', 1) !== 0;
/** Used in place of `pollingIntervalSeconds` while NOTIFY is active; as low as allowed (0.5). */
const NOTIFY_POLLING_INTERVAL_SECONDS = 0.5;

export async function run(opts: PeerOptions): Promise<PeerResult> {
  await checkPostgres(PG_URL);
  const schema = `bench_pgboss_${randomSuffix()}`;
  const queue = 'noop';
  const poolMax = opts.concurrency + 2;
  const config =
    `work({localConcurrency:${opts.concurrency}, batchSize:${BATCH_SIZE}, ` +
    `pollingIntervalSeconds:${POLLING_INTERVAL_SECONDS}, ` +
    (NOTIFY ? `notifyPollingIntervalSeconds:${NOTIFY_POLLING_INTERVAL_SECONDS}, ` : '') +
    `burstWhenBatchFull:true}) with the batch's jobs run one after another; ` +
    `useListenNotify=${NOTIFY}, queue notify=${NOTIFY}; pool max=${poolMax}; ` +
    `enqueue: insert() (one call); latency enqueue: send(); schema ${schema}`;

  let phase: 'throughput' | 'latency' = 'throughput';
  let handled = 0;
  const allHandled = deferred();
  let onStart: ((t: number) => void) | null = null;

  const admin = new pg.Client({ connectionString: PG_URL });
  admin.on('error', () => {});
  await admin.connect();
  const boss = new PgBoss({
    connectionString: PG_URL,
    schema,
    max: poolMax,
    useListenNotify: NOTIFY,
  });
  boss.on('error', (err) => debug(`pg-boss error: ${(err as Error)?.message ?? String(err)}`));
  boss.on('warning', (w) => debug(`pg-boss warning: ${JSON.stringify(w)}`));
  let started = false;
  try {
    await boss.start();
    started = true;
    await boss.createQueue(queue, { notify: NOTIFY });
    await boss.work<{ i: number }>(
      queue,
      {
        localConcurrency: opts.concurrency,
        batchSize: BATCH_SIZE,
        pollingIntervalSeconds: POLLING_INTERVAL_SECONDS,
        notifyPollingIntervalSeconds: NOTIFY_POLLING_INTERVAL_SECONDS,
        burstWhenBatchFull: true,
      },
      async (jobs) => {
        for (let j = 0; j < jobs.length; j++) {
          // The no-op job; each job of the batch counts as started here.
          if (phase === 'latency') {
            const t = performance.now();
            const cb = onStart;
            onStart = null;
            cb?.(t);
          } else if (++handled === opts.jobs) {
            allHandled.resolve();
          }
        }
      },
    );

    // (a) throughput
    const jobs = Array.from({ length: opts.jobs }, (_, i) => ({ data: { i } }));
    const t0 = performance.now();
    await boss.insert(queue, jobs);
    debug(`pg-boss: insert(${opts.jobs}) took ${(performance.now() - t0).toFixed(0)} ms`);
    await withTimeout(allHandled.promise, 120_000, `pg-boss handling ${opts.jobs} jobs`);
    const tEnd = await pollUntil(
      async () => {
        const r = await admin.query<{ n: number }>(
          `select count(*)::int as n from "${schema}".job where name = $1 and state < 'completed'`,
          [queue],
        );
        return r.rows[0]!.n === 0;
      },
      1,
      30_000,
      'pg-boss jobs to complete',
    );
    debug(`pg-boss: all handled → none left open at ${(tEnd - t0).toFixed(0)} ms`);
    const throughput = opts.jobs / ((tEnd - t0) / 1000);

    // (b) latency
    let p50: number | null = null;
    let p99: number | null = null;
    if (opts.latencyJobs > 0) {
      phase = 'latency';
      const delays: number[] = [];
      for (let i = 0; i < opts.latencyJobs; i++) {
        const startedJob = deferred<number>();
        onStart = startedJob.resolve;
        const t = performance.now();
        await boss.send(queue, { i });
        delays.push((await withTimeout(startedJob.promise, 30_000, 'pg-boss latency job start')) - t);
      }
      p50 = round(percentile(delays, 50), 3);
      p99 = round(percentile(delays, 99), 3);
    }

    return {
      peer: 'pg-boss',
      backend: 'postgres',
      config,
      throughput: Math.round(throughput),
      latencyP50Ms: p50,
      latencyP99Ms: p99,
    };
  } finally {
    if (started) await boss.stop({ graceful: true, close: true, timeout: 5_000 }).catch(() => {});
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await admin.end().catch(() => {});
  }
}
