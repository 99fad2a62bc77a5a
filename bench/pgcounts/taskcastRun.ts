import { TaskEngine } from '../../src/engine/index.js';
import { dropLocation, freshLocation, openLocation } from '../engine/stores.js';

/**
 * bench:engine's throughput run on PostgreSQL (bench/engine/throughput.ts: `jobs` no-op tasks, enqueued in chunks
 * of 5,000, run at `concurrency`), with the counters read around it: `beforeEnqueue` once the schema is migrated
 * and the engine started, `afterClose` once the engine stopped and its pool closed, before the schema is dropped.
 */
export async function runTaskcast<T>(
  jobs: number,
  concurrency: number,
  hooks: { beforeEnqueue(): Promise<void>; afterClose(schema: string): Promise<T> },
): Promise<T> {
  const loc = await freshLocation('postgres');
  try {
    const storage = await openLocation(loc);
    const engine = new TaskEngine({ storage, concurrency });
    engine.defineTaskType({ type: 'noop', handler: () => null });
    let completed = 0;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    engine.subscribeAll((t) => {
      if (t.status === 'completed' && ++completed === jobs) done();
    });
    await engine.start();
    await hooks.beforeEnqueue();
    const chunk = 5000;
    for (let i = 0; i < jobs; i += chunk) {
      await engine.enqueueMany(
        'noop',
        Array.from({ length: Math.min(chunk, jobs - i) }, () => ({ user_id: null })),
      );
    }
    await finished;
    await engine.stop(1000);
    await storage.close();
    return await hooks.afterClose(loc.where);
  } finally {
    await dropLocation(loc);
  }
}
