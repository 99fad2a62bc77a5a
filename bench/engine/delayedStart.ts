import { TaskEngine } from '../../src/engine/index.js';
import type { Latency } from './latency.js';
import { percentile, wallMs } from './percentiles.js';
import { dropLocation, freshLocation, openLocation } from './stores.js';

/**
 * (d) A delayed task's start against its `run_at` (issue 11: within 50 ms on an idle runner): `n` tasks enqueued one
 * after another with `delay_ms`, each after the previous one started, in the process that runs them. The lateness
 * is the handler's start minus the task's stored `run_at`, on this machine's wall clock (the store's clock is the
 * same machine's). Early starts would show as negative figures: the conformance suite checks they never happen.
 */
export async function measureDelayedStart(kind: 'sqlite' | 'postgres', n: number, delayMs: number): Promise<Latency> {
  const loc = await freshLocation(kind);
  const storage = await openLocation(loc);
  const engine = new TaskEngine({ storage, concurrency: 10 });
  let onStart: ((atMs: number) => void) | null = null;
  engine.defineTaskType({
    type: 'delayed',
    handler() {
      onStart?.(wallMs());
      return null;
    },
  });
  await engine.start();
  const lateness: number[] = [];
  // The runner's timers do not hold the process open (a server's sockets do): this one does, meanwhile.
  const keepAlive = setInterval(() => {}, 1000);
  for (let i = 0; i < n; i++) {
    const started = new Promise<number>((r) => (onStart = r));
    const task = await engine.enqueue('delayed', { delay_ms: delayMs });
    lateness.push((await started) - Date.parse(task.run_at));
  }
  clearInterval(keepAlive);
  await engine.stop(1000);
  await storage.close();
  await dropLocation(loc);
  return { p50: percentile(lateness, 50), p99: percentile(lateness, 99) };
}
