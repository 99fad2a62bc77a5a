import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TaskEngine } from '../../src/engine/index.js';
import { percentile, wallMs } from './percentiles.js';
import { dropLocation, freshLocation, openLocation, type StoreLocation } from './stores.js';

/** p50 and p99 in ms. */
export interface Latency {
  p50: number;
  p99: number;
}

/**
 * (b) enqueue → handler start, for `n` sequential tasks: each is enqueued only after the previous one
 * started. In-process: the enqueue happens in the process that runs the task. Across processes: a
 * child process enqueues (its own connection), and the delay is measured on the shared wall clock.
 */
export async function measureLatency(kind: 'sqlite' | 'postgres', n: number, crossProcess: boolean): Promise<Latency> {
  const loc = await freshLocation(kind);
  const storage = await openLocation(loc);
  const engine = new TaskEngine({ storage, concurrency: 10 });
  let onStart: ((delayMs: number) => void) | null = null;
  engine.defineTaskType<{ t0: number }>({
    type: 'noop',
    handler(ctx) {
      onStart?.(wallMs() - ctx.payload.t0);
      return null;
    },
  });
  await engine.start();
  const delays: number[] = [];
  if (!crossProcess) {
    for (let i = 0; i < n; i++) {
      const started = new Promise<number>((r) => (onStart = r));
      await engine.enqueue('noop', { payload: { t0: wallMs() } });
      delays.push(await started);
    }
  } else {
    const child = fork(fileURLToPath(new URL('./enqueuer.ts', import.meta.url)), [JSON.stringify(loc)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`enqueuer exited with ${code}`)));
    });
    for (let i = 0; i < n; i++) {
      const started = new Promise<number>((r) => (onStart = r));
      child.send('enqueue');
      delays.push(await started);
    }
    child.removeAllListeners('exit');
    child.send('exit');
    await new Promise((r) => child.once('exit', r));
  }
  await engine.stop(1000);
  await storage.close();
  await dropLocation(loc);
  return { p50: percentile(delays, 50), p99: percentile(delays, 99) };
}

export type { StoreLocation };
