/**
 * `npm run bench:tasklist`: the tasks page's lists with 1,000,000 finished tasks in the table (issue 16: every
 * list and filter under 50 ms p99 on both backends). For each backend (BENCH_STORES, default sqlite,postgres) it
 * fills a fresh database (bench/tasklist/fill.ts; BENCH_TASKS, default 1000000), then times each list of
 * bench/tasklist/cases.ts through the store's listTasks (the page of rows and its total, as GET /api/v1/tasks
 * asks) BENCH_ITERATIONS times (default 50), the cases taking turns, over BENCH_RUNS passes (default 3). Prints
 * the median over the passes of each case's p50 and p99 (min–max of the passes beside them), the 1-minute load
 * average before each pass, and a final JSON line.
 * Reuse a filled database: BENCH_KEEP=1 keeps it (its place is printed); BENCH_SQLITE_FILE / BENCH_PG_SCHEMA
 * measure an existing one (migrated first, so new migrations apply to it) instead of filling a fresh one.
 */
import { listByStatus, type TaskListQuery } from '../../src/engine/index.js';
import type { Storage } from '../../src/store/index.js';
import { percentile, wallMs } from '../engine/percentiles.js';
import { loadAverageNow } from '../engine/rounds.js';
import { formatSpread, spreadOf, type Spread } from '../engine/spread.js';
import { dropLocation, freshLocation, openLocation, type StoreLocation } from '../engine/stores.js';
import { listCases } from './cases.js';
import { fillFinished, timeline } from './fill.js';
import { positiveInt } from '../engine/positiveInt.js';

const log = (s: string) => process.stderr.write(`${s}\n`);

const ROWS = positiveInt('BENCH_TASKS', 1_000_000);
const ITERATIONS = positiveInt('BENCH_ITERATIONS', 50);
const RUNS = positiveInt('BENCH_RUNS', 3);
const TARGET_P99_MS = 50;
const kinds = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const reuse: Record<string, string | undefined> = { sqlite: process.env.BENCH_SQLITE_FILE, postgres: process.env.BENCH_PG_SCHEMA };

/** A case's figures on one backend: the medians over the passes, and a total as the last pass saw it. */
interface CaseFigures {
  p50: Spread;
  p99: Spread;
  rows: number;
  total: number;
  totalCapped: boolean;
}

/** A task id from the middle of the table, by the list itself (the newest first, half way down). */
async function middleId(storage: Storage): Promise<string> {
  const { tasks } = await storage.tasks.listTasks({ limit: 1, offset: Math.floor(ROWS / 2) });
  if (!tasks[0]) throw new Error('the table holds fewer tasks than BENCH_TASKS');
  return tasks[0].task_id;
}

async function measure(
  kind: 'sqlite' | 'postgres',
): Promise<{ figures: Record<string, CaseFigures>; loads: number[]; fillS: number | null }> {
  const reused = reuse[kind];
  const loc: StoreLocation = reused ? { kind, where: reused } : await freshLocation(kind);
  let storage: Storage | undefined;
  try {
    let t0 = wallMs();
    storage = await openLocation(loc);
    log(`${kind}: ${reused ? 'reusing' : 'filling'} ${loc.where} (migrated in ${((wallMs() - t0) / 1000).toFixed(1)} s)`);
    let fillS: number | null = null;
    if (!reused) {
      t0 = wallMs();
      const { start, step } = timeline(ROWS);
      await fillFinished(storage, ROWS, start, step);
      fillS = (wallMs() - t0) / 1000;
      log(`${kind}: ${ROWS} tasks in ${fillS.toFixed(1)} s`);
    }
    const cases = listCases(await middleId(storage));
    const passes: Map<string, { p50: number; p99: number }>[] = [];
    const last = new Map<string, { rows: number; total: number; totalCapped: boolean }>();
    const loads: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      loads.push(loadAverageNow());
      const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
      const list = (q: TaskListQuery) =>
        q.order === 'status' ? listByStatus(storage!.tasks, q) : storage!.tasks.listTasks({ ...q, order: q.order });
      for (const c of cases) await list(c.query); // warm the statement caches
      for (let i = 0; i < ITERATIONS; i++) {
        for (const c of cases) {
          const t = wallMs();
          const r = await list(c.query);
          samples.get(c.name)!.push(wallMs() - t);
          last.set(c.name, { rows: r.tasks.length, total: r.total, totalCapped: r.totalCapped });
        }
      }
      const pass = new Map([...samples].map(([name, s]) => [name, { p50: percentile(s, 50), p99: percentile(s, 99) }]));
      passes.push(pass);
      log(
        `${kind}: pass ${run + 1}/${RUNS} (load ${loads[run]}): slowest p99 ${Math.max(...[...pass.values()].map((p) => p.p99)).toFixed(1)} ms`,
      );
    }
    const figures: Record<string, CaseFigures> = {};
    for (const c of cases) {
      figures[c.name] = {
        p50: spreadOf(passes.map((p) => p.get(c.name)!.p50)),
        p99: spreadOf(passes.map((p) => p.get(c.name)!.p99)),
        ...last.get(c.name)!,
      };
    }
    return { figures, loads, fillS };
  } finally {
    await storage?.close();
    if (process.env.BENCH_KEEP === '1' || reused) log(`${kind}: kept ${loc.where}`);
    else await dropLocation(loc);
  }
}

log(`${ROWS} finished tasks, ${ITERATIONS} iterations per case and pass, ${RUNS} passes; load average ${loadAverageNow()}`);
const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
for (const kind of kinds) results[kind] = await measure(kind);

const names = Object.keys(Object.values(results)[0]?.figures ?? {});
console.table(
  names.map((name) => {
    const row: Record<string, string | number> = { list: name };
    for (const [kind, r] of Object.entries(results)) {
      const f = r.figures[name]!;
      row[`${kind} p50 ms`] = formatSpread(f.p50, 1);
      row[`${kind} p99 ms`] = formatSpread(f.p99, 1);
      row[`${kind} total`] = `${f.total}${f.totalCapped ? '+' : ''}`;
    }
    row[`p99 < ${TARGET_P99_MS} ms`] = Object.values(results).every((r) => r.figures[name]!.p99.median < TARGET_P99_MS) ? 'yes' : 'NO';
    return row;
  }),
);
for (const [kind, r] of Object.entries(results)) log(`${kind}: fill ${r.fillS?.toFixed(1) ?? '—'} s, load averages ${r.loads.join(', ')}`);
log(`load average at the end ${loadAverageNow()}`);
console.log(JSON.stringify({ benchmark: 'tasklist', rows: ROWS, iterations: ITERATIONS, runs: RUNS, targetP99Ms: TARGET_P99_MS, results }));
