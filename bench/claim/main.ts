/**
 * `npm run bench:claim`: claim latency with 1,000,000 pending tasks in the table (issue 11: p99 under 5 ms on
 * PostgreSQL, SQLite likewise). Each run fills a fresh database (bench/claim/fill.ts: four types, priorities
 * −10…10, 70% due, 30% due within the next hour), refreshes its statistics, and times 2,000 claims of limit 1
 * and 2,000 of limit 10 through the store, one at a time (bench/claim/measure.ts). The backends take turns
 * (bench/engine/rounds.ts), BENCH_RUNS rounds (default 3), the 1-minute load average printed before each run.
 * Prints a table of the medians over the rounds (min–max beside them) and a final JSON line.
 * BENCH_STORES (default postgres,sqlite), BENCH_CLAIM_ROWS (default 1000000) and BENCH_CLAIMS (default 2000)
 * change what runs.
 */
import { loadavg } from 'node:os';
import { loadAverageNow, runRounds, type RoundSystem } from '../engine/rounds.js';
import { formatSpread, spreadOf, type Spread } from '../engine/spread.js';
import { fmt } from '../engine/table.js';
import { type ClaimRun, measureClaims } from './measure.js';
import { positiveInt } from '../engine/positiveInt.js';

const log = (s: string) => process.stderr.write(`${s}\n`);

const RUNS = positiveInt('BENCH_RUNS', 3);
const ROWS = positiveInt('BENCH_CLAIM_ROWS', 1_000_000);
const CLAIMS = positiveInt('BENCH_CLAIMS', 2_000);
const TARGET_P99_MS = 5;
const kinds = (process.env.BENCH_STORES ?? 'postgres,sqlite').split(',') as ('sqlite' | 'postgres')[];

const series = (r: ClaimLatency) => `p50 ${fmt(r.p50, 3)} ms, p99 ${fmt(r.p99, 3)} ms, max ${fmt(r.max, 1)} ms`;
type ClaimLatency = ClaimRun['limit1'];
const systems: RoundSystem<ClaimRun>[] = kinds.map((kind) => ({
  name: kind,
  run: async () => {
    try {
      return await measureClaims(kind, ROWS, CLAIMS);
    } catch (err) {
      log(`  ${kind}: ${String(err)}`);
      return null;
    }
  },
  describe: (r) => `fill ${r.fillS.toFixed(1)} s; limit 1: ${series(r.limit1)}; limit 10: ${series(r.limit10)}`,
}));

log(
  `${ROWS} pending tasks, ${CLAIMS} claims per limit, ${RUNS} rounds; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const rounds = await runRounds(systems, RUNS, log);

/** A backend's figures: each percentile's median over the rounds with its range, and the loads before the runs. */
interface ClaimFigures {
  limit1: { p50: Spread; p99: Spread };
  limit10: { p50: Spread; p99: Spread };
  fillS: Spread;
  loadAverages: number[];
  meetsTarget: boolean;
}

const figures: Record<string, ClaimFigures> = {};
for (const [kind, runs] of rounds.runs) {
  const of = (pick: (r: ClaimRun) => number) => spreadOf(runs.map((r) => pick(r.result)));
  const limit1 = { p50: of((r) => r.limit1.p50), p99: of((r) => r.limit1.p99) };
  const limit10 = { p50: of((r) => r.limit10.p50), p99: of((r) => r.limit10.p99) };
  const meetsTarget = limit1.p99.median < TARGET_P99_MS && limit10.p99.median < TARGET_P99_MS;
  figures[kind] = { limit1, limit10, fillS: of((r) => r.fillS), loadAverages: runs.map((r) => r.loadAverage), meetsTarget };
}

const loads = (l: number[]) => (Math.min(...l) === Math.max(...l) ? fmt(l[0]) : `${fmt(Math.min(...l))}–${fmt(Math.max(...l))}`);
console.table(
  Object.entries(figures).map(([kind, f]) => ({
    backend: kind,
    'limit 1 p50 ms': formatSpread(f.limit1.p50, 3),
    'limit 1 p99 ms': formatSpread(f.limit1.p99, 3),
    'limit 10 p50 ms': formatSpread(f.limit10.p50, 3),
    'limit 10 p99 ms': formatSpread(f.limit10.p99, 3),
    [`p99 < ${TARGET_P99_MS} ms`]: f.meetsTarget ? 'yes' : 'NO',
    'fill s': formatSpread(f.fillS, 1),
    'load avg': loads(f.loadAverages),
  })),
);
log(`load average at the end ${loadAverageNow().toFixed(2)}`);
console.log(
  JSON.stringify({ benchmark: 'claim', rows: ROWS, claims: CLAIMS, runs: RUNS, targetP99Ms: TARGET_P99_MS, figures, order: rounds.order }),
);
