/**
 * The task types of the cluster benchmark, as a server feature: a bench worker (benchWorker.ts) runs them,
 * the benchmark's enqueuer defines them too (to enqueue; it runs nothing). Production code knows nothing of
 * them.
 *   bench_sleep     waits `ms` (I/O-bound work: a slot is busy, the CPU is not);
 *   bench_noop      returns at once;
 *   bench_progress  reports `updates` progress values `intervalMs` apart, each carrying its send time.
 */
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { TaskContext } from '../../src/engine/index.js';
import type { Feature } from '../../src/api/index.js';
import type { ServerFeatureDeps } from '../../src/server/index.js';
import { wallMs } from '../engine/percentiles.js';

/** Channel on which the benchmark tells a waiting bench_progress task (payload: its id) to start. */
export const GO_CHANNEL = 'bench_go';

/** Payload of bench_sleep. */
export interface SleepPayload {
  ms: number;
}

/** Payload of bench_progress. */
export interface ProgressPayload {
  updates: number;
  intervalMs: number;
}

/** Message of a progress update: its wall-clock send time, ms (performance.timeOrigin + performance.now()). */
export const sentAtMessage = (sentAt: number) => `t=${sentAt.toFixed(3)}`;

const SENT_AT = Buffer.from('"message":"t=');

/** The send time in a raw task_update message's bytes, or null (found without decoding or parsing the JSON). */
export function sentAtIn(raw: Buffer): number | null {
  const at = raw.indexOf(SENT_AT);
  if (at < 0) return null;
  const from = at + SENT_AT.length;
  return Number(raw.toString('latin1', from, raw.indexOf(0x22, from)));
}

/** Message of a bench_progress task that listens for the go and that its followers wait for. */
export const READY_MESSAGE = 'ready';

/** Listens on {@link GO_CHANNEL} (active when this resolves); `go` resolves when a NOTIFY names this task. */
async function listenForGo(
  databaseUrl: string,
  taskId: string,
  signal: AbortSignal,
): Promise<{ go: Promise<void>; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  const go = new Promise<void>((resolve, reject) => {
    client.on('notification', (n) => {
      if (n.payload === taskId) resolve();
    });
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  await client.query(`LISTEN ${GO_CHANNEL}`);
  return { go, close: () => client.end() };
}

/** The bench task types; `databaseUrl` is where bench_progress listens for its go. */
export function benchFeature(databaseUrl: string): Feature<ServerFeatureDeps> {
  return {
    name: 'bench',
    async setup({ engine }) {
      engine.defineTaskType<SleepPayload>({ type: 'bench_sleep', handler: (ctx) => delay(ctx.payload.ms, null) });
      engine.defineTaskType({ type: 'bench_noop', handler: () => null });
      engine.defineTaskType<ProgressPayload>({
        type: 'bench_progress',
        async handler(ctx: TaskContext<ProgressPayload>) {
          const { updates, intervalMs } = ctx.payload;
          const gate = await listenForGo(databaseUrl, ctx.taskId, ctx.signal);
          try {
            ctx.progress(0, READY_MESSAGE, updates);
            await gate.go;
            for (let i = 1; i <= updates; i++) {
              ctx.progress(i, sentAtMessage(wallMs()));
              await delay(intervalMs, null, { signal: ctx.signal });
            }
          } finally {
            await gate.close().catch(() => {});
          }
          return { updates };
        },
      });
      return {};
    },
  };
}
