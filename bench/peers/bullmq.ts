/**
 * BullMQ 6 on Redis: one `Worker` with `concurrency` = the workload's, jobs added with `addBulk`
 * (one pipeline of the add scripts), `removeOnComplete`/`removeOnFail` so Redis keeps nothing.
 *
 * Redis driver: BullMQ 6 loads its optional `ioredis` peer, a dependency of this repository.
 *
 * Isolation: a fresh queue name `bench-bullmq-<random>`, obliterated at the end.
 *
 * Throughput: t0 is taken just before `addBulk`; the end is the moment the worker emits `completed`
 * for the last job. BullMQ emits it once its moveToFinished script has run in Redis (marking the job
 * completed, removing it, and fetching the next one), so the completion is final at that point.
 *
 * Latency: `queue.add()` one job at a time; performance.now() just before the call to the
 * processor's first line, in this process.
 */
import { Queue, Worker, type WorkerOptions } from 'bullmq';
import {
  checkRedis,
  debug,
  deferred,
  envNumber,
  parseRedisUrl,
  percentile,
  randomSuffix,
  REDIS_URL,
  round,
  withTimeout,
} from './common.js';
import type { PeerOptions, PeerResult } from './types.js';

const SKIP_STALLED_CHECK = envNumber('PEER_BULLMQ_SKIP_STALLED_CHECK', 0) !== 0;
const SKIP_LOCK_RENEWAL = envNumber('PEER_BULLMQ_SKIP_LOCK_RENEWAL', 0) !== 0;

export async function run(opts: PeerOptions): Promise<PeerResult> {
  await checkRedis(REDIS_URL);
  const { host, port } = parseRedisUrl(REDIS_URL);

  const name = `bench-bullmq-${randomSuffix()}`;
  const connection = { host, port };
  const workerOptions: WorkerOptions = {
    connection,
    concurrency: opts.concurrency,
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 0 },
    skipStalledCheck: SKIP_STALLED_CHECK,
    skipLockRenewal: SKIP_LOCK_RENEWAL,
  };
  const config =
    `Worker({concurrency:${opts.concurrency}, removeOnComplete:{count:0}, removeOnFail:{count:0}, ` +
    `skipStalledCheck:${SKIP_STALLED_CHECK}, skipLockRenewal:${SKIP_LOCK_RENEWAL}, drainDelay:5 (default)}); ` +
    `jobs added with removeOnComplete:true, removeOnFail:true; enqueue: addBulk (one call); ` +
    `latency enqueue: queue.add(); driver: ioredis; queue ${name}`;

  let phase: 'throughput' | 'latency' = 'throughput';
  let completed = 0;
  const allCompleted = deferred<number>();
  let onStart: ((t: number) => void) | null = null;

  const queue = new Queue(name, { connection });
  queue.on('error', (err) => debug(`bullmq queue error: ${err.message}`));
  let worker: Worker | undefined;
  try {
    await queue.waitUntilReady();
    worker = new Worker(
      name,
      async () => {
        if (phase === 'latency') {
          const t = performance.now();
          const cb = onStart;
          onStart = null;
          cb?.(t);
        }
      },
      workerOptions,
    );
    worker.on('error', (err) => debug(`bullmq worker error: ${err.message}`));
    worker.on('completed', () => {
      if (phase === 'throughput' && ++completed === opts.jobs) allCompleted.resolve(performance.now());
    });
    await worker.waitUntilReady();

    // (a) throughput
    const jobs = Array.from({ length: opts.jobs }, (_, i) => ({
      name: 'noop',
      data: { i },
      opts: { removeOnComplete: true, removeOnFail: true },
    }));
    const t0 = performance.now();
    await queue.addBulk(jobs);
    debug(`bullmq: addBulk(${opts.jobs}) took ${(performance.now() - t0).toFixed(0)} ms`);
    const tEnd = await withTimeout(allCompleted.promise, 120_000, `bullmq completing ${opts.jobs} jobs`);
    debug(`bullmq: last completion at ${(tEnd - t0).toFixed(0)} ms`);
    const throughput = opts.jobs / ((tEnd - t0) / 1000);

    // (b) latency
    let p50: number | null = null;
    let p99: number | null = null;
    if (opts.latencyJobs > 0) {
      phase = 'latency';
      const delays: number[] = [];
      for (let i = 0; i < opts.latencyJobs; i++) {
        const started = deferred<number>();
        onStart = started.resolve;
        const t = performance.now();
        await queue.add('noop', { i }, { removeOnComplete: true, removeOnFail: true });
        delays.push((await withTimeout(started.promise, 30_000, 'bullmq latency job start')) - t);
      }
      p50 = round(percentile(delays, 50), 3);
      p99 = round(percentile(delays, 99), 3);
    }

    return {
      peer: 'bullmq',
      backend: 'redis',
      config,
      throughput: Math.round(throughput),
      latencyP50Ms: p50,
      latencyP99Ms: p99,
    };
  } finally {
    await worker?.close().catch(() => {});
    await queue.obliterate({ force: true }).catch((err) => debug(`bullmq obliterate: ${(err as Error).message}`));
    await queue.close().catch(() => {});
  }
}
