/**
 * `npm run bench:sync`: the bank transactions sync against the 1C simulator (a separate process), on
 * SQLite and on PostgreSQL, medians of 3 runs. The specification's example took about 2 minutes for
 * 5,000 documents; the target is under 2 seconds (60× faster) with zero simulator latency, 100,000
 * documents with peak memory under 250 MB, and documents per second with 20 ms per request (these with ONEC_MAX_RPS=0:
 * the sync's own speed). Then a slow 1C, 100 ms per request: the sequential pass against 4 windows at once, with the
 * most requests per second the simulator saw (concurrency.ts; target ≥ 3×, the limit held). Then the accuracy
 * of automatic classification on the simulator's default data set (classificationAccuracy.ts; target ≥ 95 %).
 */
import { median } from '../engine/percentiles.js';
import { classificationRows, classificationSummary, measureClassification } from './classificationAccuracy.js';
import { measureConcurrency } from './concurrency.js';
import { measure, withSimulator, type Measured } from './simulatorProcess.js';

const SPEC_SECONDS_FOR_5000 = 120;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const kinds = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
/** Parts to run: throughput (the sync's own speed), concurrency (a slow 1C), classification. */
const parts = new Set((process.env.BENCH_SYNC_PARTS ?? 'throughput,concurrency,classification').split(','));
// The sync's own speed: requests to 1C unlimited (ONEC_MAX_RPS=0), the default 4 in flight.
const UNLIMITED = { ONEC_MAX_RPS: '0' };

async function medianOf(kind: string, url: string): Promise<Measured> {
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(kind, url, UNLIMITED));
  return {
    documents: all[0]!.documents,
    seconds: median(all.map((m) => m.seconds)),
    docsPerSec: median(all.map((m) => m.docsPerSec)),
    maxRssMb: Math.max(...all.map((m) => m.maxRssMb)),
  };
}

const rows: Record<string, unknown>[] = [];
for (const [documents, latencyMs] of !parts.has('throughput')
  ? []
  : ([
      [5_000, 0],
      [100_000, 0],
      [5_000, 20],
    ] as const)) {
  await withSimulator(documents, latencyMs, async ({ url }) => {
    for (const kind of kinds) {
      const m = await medianOf(kind, url);
      const row = {
        store: kind,
        documents: m.documents,
        latency_ms: latencyMs,
        seconds: +m.seconds.toFixed(2),
        docs_per_s: Math.round(m.docsPerSec),
        peak_rss_mb: Math.round(m.maxRssMb),
      };
      if (documents === 5_000 && latencyMs === 0)
        Object.assign(row, { vs_spec: `${Math.round((SPEC_SECONDS_FOR_5000 / m.seconds) * (m.documents / 5000))}×` });
      rows.push(row);
      process.stderr.write(`${JSON.stringify(row)}\n`);
    }
  });
}
if (rows.length > 0) {
  console.table(rows);
  console.log(JSON.stringify({ benchmark: 'sync', runs, rows }));
}

if (parts.has('concurrency')) {
  const slow = [];
  for (const kind of kinds) slow.push(...(await measureConcurrency(kind, runs)));
  console.table(slow);
  console.log(JSON.stringify({ benchmark: 'sync-concurrency', latency_ms: 100, runs, rows: slow }));
}

if (!parts.has('classification')) process.exit(0);
const classification = await measureClassification();
console.table(classificationRows(classification));
console.log(classificationSummary(classification));
console.log(
  JSON.stringify({
    benchmark: 'sync-classification',
    accuracy: classification.accuracy,
    unused: classification.unused,
    categories: classification.categories,
  }),
);
