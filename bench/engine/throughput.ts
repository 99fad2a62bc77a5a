import { TaskEngine, type TaskObserver } from '../../src/engine/index.js';
import { dropLocation, freshLocation, openLocation } from './stores.js';

/** The tasks' owner: none by default, like tasks enqueued by code; BENCH_TASK_OWNER=<user id> gives them one. */
const OWNER = process.env.BENCH_TASK_OWNER ? Number(process.env.BENCH_TASK_OWNER) : null;

/**
 * (a) `jobs` no-op tasks enqueued in bulk and run at `concurrency`: tasks per second from the start of
 * the enqueue to the last completion written to the store. `observer`: the engine's TaskObserver (bench:metrics
 * measures what /metrics costs with it).
 */
export async function measureThroughput(
  kind: 'sqlite' | 'postgres',
  jobs: number,
  concurrency: number,
  observer?: TaskObserver,
): Promise<number> {
  return (await measureThroughputAndCpu(kind, jobs, concurrency, observer)).throughput;
}

/**
 * {@link measureThroughput}, and this process's CPU time per task over the same span (user + system, µs): on a
 * machine other work keeps busy, wall-clock throughput swings with the scheduler, CPU per task far less.
 */
export async function measureThroughputAndCpu(
  kind: 'sqlite' | 'postgres',
  jobs: number,
  concurrency: number,
  observer?: TaskObserver,
): Promise<{ throughput: number; cpuUsPerTask: number }> {
  const loc = await freshLocation(kind);
  const storage = await openLocation(loc);
  const engine = new TaskEngine({ storage, concurrency, observer });
  engine.defineTaskType({ type: 'noop', handler: () => null });
  let completed = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  // A completion event is published after the completing write returned.
  engine.subscribeAll((t) => {
    if (t.status === 'completed' && ++completed === jobs) done();
  });
  await engine.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const chunk = 5000;
  for (let i = 0; i < jobs; i += chunk) {
    await engine.enqueueMany(
      'noop',
      Array.from({ length: Math.min(chunk, jobs - i) }, () => ({ user_id: OWNER })),
    );
  }
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await engine.stop(1000);
  await storage.close();
  await dropLocation(loc);
  return { throughput: jobs / seconds, cpuUsPerTask: (cpu.user + cpu.system) / jobs };
}
