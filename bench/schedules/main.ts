/**
 * `npm run bench:schedules`: the idle cost of schedules on one node (issue 12: "10,000 enabled schedules add
 * under 5 % CPU to an idle node"). Each run stores the schedules in a fresh database, starts one node process
 * (idleNode.ts: the worker's node — engine running tasks, the scheduler — on that database, nothing else to do),
 * and has it measure its own CPU time (user + system) over a window (BENCH_WINDOW_S / --window=, default 60 s)
 * that begins ~15 s after its start. Three variants:
 *   none     no schedule (the node's baseline: runner, reaper, the scheduler's backstop pass, watches);
 *   idle     10,000 enabled schedules, none due in the window (daily and weekly crons in four zones): the
 *            scheduler's timer, backstop passes and change watch with a full table;
 *   firing   9,900 of those and 100 (1 %) hourly ones whose tick falls in the window, spread over it: the
 *            firing cost too (a transaction per tick, the task inserted, run and finished on the node).
 * The variants take turns round by round (BENCH_RUNS / --runs=, default 3; bench/engine/rounds.ts), the 1-minute
 * load average printed before each run. Prints CPU % of one core per variant (median, min–max), each variant's
 * difference from `none` in the same round (median of the rounds), and that difference against the 5 % target;
 * then a JSON line. SQLite by default; `--pg` PostgreSQL (a fresh database on TASKCAST_TEST_PG_SERVER_URL),
 * `--both` both. `--variants=firing` (or `idle`) leaves the other one out; `--schedules=` changes the 10,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres, openSqlite, type Storage } from '../../src/store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/cluster/cluster.js';
import { NodeProcess } from '../../test/cluster/processes.js';
import { median } from '../engine/percentiles.js';
import { runRounds, type RoundRun, type RoundSystem } from '../engine/rounds.js';
import { formatSpread, spreadOf } from '../engine/spread.js';
import { storeFiringSchedules, storeIdleSchedules } from './fill.js';
import type { NodeFigures } from './figures.js';

const log = (s: string) => process.stderr.write(`${s}\n`);

/** A positive integer from `--name=` or the environment, or the default; anything else stops the benchmark. */
function positiveInt(flag: string, env: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
  const raw = arg ?? process.env[env];
  const value = Number(raw ?? fallback);
  if (Number.isInteger(value) && value >= 1) return value;
  log(`--${flag} / ${env} must be an integer >= 1, got ${JSON.stringify(raw)}`);
  process.exit(64);
}

const WINDOW_MS = positiveInt('window', 'BENCH_WINDOW_S', 60) * 1000;
const RUNS = positiveInt('runs', 'BENCH_RUNS', 3);
const SCHEDULES = positiveInt('schedules', 'BENCH_SCHEDULES', 10_000);
/** The schedules of the firing variant that tick in the window: 1 %. */
const FIRING = Math.max(1, Math.round(SCHEDULES / 100));
/** From the node's spawn to the window: its start-up (~2–5 s with tsx) and a settling time after it. */
const LEAD_MS = 15_000;
const TARGET_PERCENT = 5;
const backends: ('sqlite' | 'postgres')[] = process.argv.includes('--both')
  ? ['sqlite', 'postgres']
  : process.argv.includes('--pg')
    ? ['postgres']
    : ['sqlite'];

type Variant = 'none' | 'idle' | 'firing';
const ALL_VARIANTS: Variant[] = ['none', 'idle', 'firing'];
/** `--variants=none,firing` runs only those (`none` is always kept: the others are measured against it). */
const chosen = process.argv
  .find((a) => a.startsWith('--variants='))
  ?.slice('--variants='.length)
  .split(',');
const VARIANTS = ALL_VARIANTS.filter((v) => v === 'none' || !chosen || chosen.includes(v));

/** A fresh database for one run: where the node finds it, a storage to fill it, and its removal. */
interface RunDatabase {
  env: Record<string, string>;
  storage: Storage;
  drop(): Promise<void>;
}

async function freshDatabase(backend: 'sqlite' | 'postgres'): Promise<RunDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskcast-bench-schedules-'));
  if (backend === 'sqlite') {
    const storage = openSqlite({ file: join(dataDir, 'taskcast.db') });
    await storage.migrate();
    return { env: { TASKCAST_DATA_DIR: dataDir }, storage, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const db: TestDatabase = await createTestDatabase();
  const storage = openPostgres({ url: db.url, maxConnections: 10 });
  await storage.migrate();
  return {
    env: { TASKCAST_DATA_DIR: dataDir, DATABASE_URL: db.url },
    storage,
    drop: async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One run: the variant's schedules stored, a node started, its window measured. */
async function runOnce(backend: 'sqlite' | 'postgres', variant: Variant): Promise<NodeFigures> {
  const db = await freshDatabase(backend);
  let node: NodeProcess | null = null;
  try {
    const firing = variant === 'firing' ? FIRING : 0;
    const idle = variant === 'none' ? 0 : SCHEDULES - firing;
    const now = await db.storage.schedules.now();
    await storeIdleSchedules(db.storage, idle, now, new Date(now.getTime() + LEAD_MS + WINDOW_MS + 600_000));
    const from = Date.now() + LEAD_MS;
    const to = from + WINDOW_MS;
    await storeFiringSchedules(db.storage, firing, await db.storage.schedules.now(), from, to);
    await db.storage.close();

    node = new NodeProcess(`${backend}-${variant}`, 'bench/schedules/idleNode.ts', {
      ...db.env,
      LOG_LEVEL: 'warn',
      BENCH_MEASURE_FROM: String(from),
      BENCH_MEASURE_TO: String(to),
    });
    const [, json] = await node.waitForOutput(/BENCH_RESULT (\{.*\})\n/, LEAD_MS + WINDOW_MS + 60_000);
    const figures = JSON.parse(json!) as NodeFigures;
    await node.exited;
    if (figures.startedLate) throw new Error('the node was ready only after its window began');
    if (figures.scheduledTasksCompleted !== firing) {
      throw new Error(`${figures.scheduledTasksCompleted} scheduled tasks completed in the window, ${firing} expected\n${node.output()}`);
    }
    return figures;
  } finally {
    await node?.kill();
    await db.storage.close().catch(() => {});
    await db.drop();
  }
}

const systems: RoundSystem<NodeFigures>[] = backends.flatMap((backend) =>
  VARIANTS.map((variant) => ({
    name: `${backend} ${variant}`,
    run: async () => {
      try {
        return await runOnce(backend, variant);
      } catch (err) {
        log(`  ${backend} ${variant}: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      }
    },
    describe: (r: NodeFigures) =>
      `CPU ${r.cpuPercent.toFixed(3)} % of one core (user ${r.userMs.toFixed(0)} ms, system ${r.systemMs.toFixed(0)} ms in ` +
      `${(r.wallMs / 1000).toFixed(1)} s), ${r.scheduledTasksCompleted} scheduled tasks, RSS ${r.rssMiB.toFixed(0)} MiB`,
  })),
);

log(
  `schedules idle cost: ${backends.join(' and ')}, ${SCHEDULES} schedules (${FIRING} firing in the window for 'firing'), ` +
    `window ${WINDOW_MS / 1000} s, ${RUNS} round(s)`,
);
const outcome = await runRounds(systems, RUNS, log);

/** The variant's CPU % minus `none`'s of the same round, per round both ran. */
function pairedDifferences(a: readonly RoundRun<NodeFigures>[], base: readonly RoundRun<NodeFigures>[]): number[] {
  return a.flatMap((run) => {
    const other = base.find((r) => r.round === run.round);
    return other ? [run.result.cpuPercent - other.result.cpuPercent] : [];
  });
}

const report: Record<string, unknown> = {};
for (const backend of backends) {
  const base = outcome.runs.get(`${backend} none`) ?? [];
  console.log(`\n${backend}: CPU of one node, % of one core over ${WINDOW_MS / 1000} s (median (min–max) of ${RUNS} runs)`);
  console.log(`| schedules | CPU % | Δ vs none (paired median) | Δ / ${TARGET_PERCENT} % target | tasks in window |`);
  console.log('| --- | --- | --- | --- | --- |');
  for (const variant of VARIANTS) {
    const runs = outcome.runs.get(`${backend} ${variant}`) ?? [];
    if (runs.length === 0) {
      console.log(`| ${variant} | failed | | | |`);
      continue;
    }
    const cpu = spreadOf(runs.map((r) => r.result.cpuPercent));
    const diffs = variant === 'none' ? [] : pairedDifferences(runs, base);
    const delta = diffs.length > 0 ? median(diffs) : null;
    const label = variant === 'none' ? '0' : variant === 'idle' ? `${SCHEDULES} idle` : `${SCHEDULES - FIRING} idle + ${FIRING} firing`;
    console.log(
      `| ${label} | ${formatSpread(cpu, 3)} | ${delta === null ? '—' : `${delta >= 0 ? '+' : ''}${delta.toFixed(3)}`} | ` +
        `${delta === null ? '—' : (delta / TARGET_PERCENT).toFixed(3)} | ${runs[0]!.result.scheduledTasksCompleted} |`,
    );
    report[`${backend}_${variant}`] = {
      cpu_percent: cpu,
      delta_percent: delta,
      delta_rounds: diffs,
      target_ratio: delta === null ? null : delta / TARGET_PERCENT,
    };
  }
}
console.log(
  JSON.stringify({ window_s: WINDOW_MS / 1000, runs: RUNS, schedules: SCHEDULES, firing: FIRING, order: outcome.order, ...report }),
);
