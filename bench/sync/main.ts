/**
 * `npm run bench:sync`: the bank transactions sync against the 1C simulator (a separate process), on
 * SQLite and on PostgreSQL, medians of 3 runs. The specification's example took about 2 minutes for
 * 5,000 documents; the target is under 2 seconds (60× faster) with zero simulator latency, 100,000
 * documents with peak memory under 250 MB, and documents per second with 20 ms per request. Then the accuracy
 * of automatic classification on the simulator's default data set (classificationAccuracy.ts; target ≥ 95 %).
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from '../engine/percentiles.js';
import { classificationRows, classificationSummary, measureClassification } from './classificationAccuracy.js';

const SPEC_SECONDS_FOR_5000 = 120;
const run = promisify(execFile);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const kinds = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];

interface Measured {
  documents: number;
  seconds: number;
  docsPerSec: number;
  maxRssMb: number;
}

async function withSimulator<T>(documents: number, latencyMs: number, fn: (url: string) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/onec/simulator/main.ts'], {
    env: { ...process.env, ONEC_SIM_PORT: '0', ONEC_SIM_DOCUMENTS: String(documents), ONEC_SIM_CONTRACTORS: '2000', ONEC_SIM_LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+\/odata\/standard\.odata\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  try {
    return await fn(url);
  } finally {
    child.kill('SIGTERM');
  }
}

async function measure(kind: string, url: string): Promise<Measured> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/sync/runSync.ts', kind, url, '2025-01-01', '2025-12-31'], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measured;
}

async function medianOf(kind: string, url: string): Promise<Measured> {
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(kind, url));
  return {
    documents: all[0]!.documents,
    seconds: median(all.map((m) => m.seconds)),
    docsPerSec: median(all.map((m) => m.docsPerSec)),
    maxRssMb: Math.max(...all.map((m) => m.maxRssMb)),
  };
}

const rows: Record<string, unknown>[] = [];
for (const [documents, latencyMs] of [
  [5_000, 0],
  [100_000, 0],
  [5_000, 20],
] as const) {
  await withSimulator(documents, latencyMs, async (url) => {
    for (const kind of kinds) {
      const m = await medianOf(kind, url);
      const row = { store: kind, documents: m.documents, latency_ms: latencyMs, seconds: +m.seconds.toFixed(2), docs_per_s: Math.round(m.docsPerSec), peak_rss_mb: Math.round(m.maxRssMb) };
      if (documents === 5_000 && latencyMs === 0) Object.assign(row, { vs_spec: `${Math.round((SPEC_SECONDS_FOR_5000 / m.seconds) * (m.documents / 5000))}×` });
      rows.push(row);
      process.stderr.write(`${JSON.stringify(row)}\n`);
    }
  });
}
console.table(rows);
console.log(JSON.stringify({ benchmark: 'sync', runs, rows }));

const classification = await measureClassification();
console.table(classificationRows(classification));
console.log(classificationSummary(classification));
console.log(JSON.stringify({ benchmark: 'sync-classification', accuracy: classification.accuracy, unused: classification.unused, categories: classification.categories }));
