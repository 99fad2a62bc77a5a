/**
 * One measured sync, in a process of its own so its peak memory is Taskcast's alone (the simulator runs
 * in another process). Prints one JSON line: {documents, seconds, docsPerSec, maxRssMb}.
 * Usage: tsx bench/sync/runSync.ts <sqlite|postgres> <odataUrl> <date_from> <date_to> (ONEC_MAX_CONCURRENCY and ONEC_MAX_RPS
 * from the environment)
 */
import pino from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { TaskEngine, isFinalStatus } from '../../src/engine/index.js';
import { syncFeature, BANK_SYNC_TYPE } from '../../src/sync/index.js';
import { dropLocation, freshLocation, openLocation } from '../engine/stores.js';

const [kind, url, from, to] = process.argv.slice(2) as ['sqlite' | 'postgres', string, string, string];
const loc = await freshLocation(kind);
const storage = await openLocation(loc);
const engine = new TaskEngine({ storage, concurrency: 2 });
// The 1C settings the benchmark varies come from the environment; everything else keeps its default.
const onec = Object.fromEntries(['ONEC_MAX_CONCURRENCY', 'ONEC_MAX_RPS'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
const feature = await syncFeature.setup({
  config: loadConfig({ ...onec, ONEC_URL: url }),
  engine,
  storage,
  logger: pino({ level: 'silent' }),
});
await engine.start();
const t0 = performance.now();
const task = await engine.enqueue(BANK_SYNC_TYPE, { payload: { date_from: from, date_to: to, auto_classify: true } });
const final = await new Promise<ReturnType<typeof engine.getTask> extends Promise<infer T> ? T : never>((resolve) => {
  engine.subscribe(task.task_id, (t) => {
    if (isFinalStatus(t.status)) resolve(t);
  });
});
const seconds = (performance.now() - t0) / 1000;
if (final?.status !== 'completed') {
  process.stderr.write(`sync ended ${final?.status}: ${final?.error}\n`);
  process.exit(1);
}
const documents = (final.result as { loaded: number }).loaded;
await engine.stop(1000);
await feature.close?.();
await storage.close();
await dropLocation(loc);
process.stdout.write(
  JSON.stringify({ documents, seconds, docsPerSec: documents / seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
process.exit(0);
