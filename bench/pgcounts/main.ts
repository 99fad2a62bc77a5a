/**
 * `npm run bench:pgcounts`: what PostgreSQL does per no-op task, counted rather than timed (issue 18), for
 * Taskcast and graphile-worker on the same workload as bench:engine — 20,000 no-op tasks enqueued in bulk and
 * run at concurrency 10 (BENCH_JOBS, BENCH_CONCURRENCY):
 *   - statements per task: top-level statements in the run's database (pg_stat_statements, when the server
 *     loads it), and the queries this process sent (counted in pg's Client, always available);
 *   - transactions committed per task (pg_stat_database);
 *   - WAL bytes, records and full-page images per task (pg_current_wal_lsn, pg_stat_wal; a CHECKPOINT before
 *     each run, so each starts with the same full-page writes ahead);
 *   - rows inserted, updated (of which HOT) and deleted per task in each table of the system's schema
 *     (pg_stat_user_tables: Taskcast's `tasks`, graphile-worker's `_private_jobs`).
 * Counts do not move with the machine's load, unlike throughput. The runs take place in a database of their own
 * (`bench_pgcounts`, created on the server of TASKCAST_BENCH_DATABASE_URL), so statements and transactions are the
 * run's alone; WAL is the whole server's, so it is exact only on a server nothing else writes to — the number of
 * other sessions seen is printed beside it (docs/benchmarks.md shows how to start a private instance with
 * pg_stat_statements loaded). BENCH_RUNS (default 1) repeats each system, taking turns.
 */
import pg from 'pg';
import { loadAverageNow } from '../engine/rounds.js';
import { PEER_ADMIN_APPLICATION } from '../peers/types.js';
import { COUNTERS_APPLICATION, Counters, type RunCounts } from './counters.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const DATABASE = 'bench_pgcounts';
const serverUrl = process.env.TASKCAST_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (s: string) => process.stderr.write(`${s}\n`);

// Both systems read TASKCAST_BENCH_DATABASE_URL when their modules load: point it at the counting database first.
const url = new URL(serverUrl);
{
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
}
url.pathname = `/${DATABASE}`;
process.env.TASKCAST_BENCH_DATABASE_URL = url.toString();
const { runTaskcast } = await import('./taskcastRun.js');
const { run: runGraphileWorker } = await import('../peers/graphileWorker.js');

const counters = await Counters.open(url.toString());

/** Queries sent by this process's pg clients other than the counters' own. */
let sent = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const name = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name;
  if (name !== COUNTERS_APPLICATION && name !== PEER_ADMIN_APPLICATION) sent++;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

interface Counted extends RunCounts {
  system: string;
  queriesSent: number;
  loadAverage: number;
}

const systems: { name: string; run: () => Promise<Counted> }[] = [
  {
    name: 'Taskcast (postgres)',
    run: async () => {
      const loadAverage = loadAverageNow();
      let sentBefore = 0;
      const counts = await runTaskcast(JOBS, CONCURRENCY, {
        beforeEnqueue: async () => {
          await counters.start();
          sentBefore = sent;
        },
        afterClose: async (schema) => ({ ...(await counters.stop(schema)), queriesSent: sent - sentBefore }),
      });
      return { system: 'Taskcast (postgres)', loadAverage, ...counts };
    },
  },
  {
    name: 'graphile-worker',
    run: async () => {
      const loadAverage = loadAverageNow();
      let sentBefore = 0;
      let counts: (RunCounts & { queriesSent: number }) | null = null;
      await runGraphileWorker({
        jobs: JOBS,
        concurrency: CONCURRENCY,
        latencyJobs: 0,
        hooks: {
          beforeEnqueue: async () => {
            await counters.start();
            sentBefore = sent;
          },
          afterClose: async (schema) => {
            counts = { ...(await counters.stop(schema)), queriesSent: sent - sentBefore };
          },
        },
      });
      if (!counts) throw new Error('graphile-worker: no counts');
      return { system: 'graphile-worker', loadAverage, ...(counts as RunCounts & { queriesSent: number }) };
    },
  },
];

const results: Counted[] = [];
try {
  log(
    `pg_stat_statements ${counters.statementsAvailable ? 'loaded' : 'not loaded (statements: the client count only)'}; ` +
      `${JOBS} no-op tasks at concurrency ${CONCURRENCY}, database ${DATABASE} on ${url.host}`,
  );
  for (let round = 0; round < RUNS; round++) {
    for (const system of round % 2 === 0 ? systems : [...systems].reverse()) {
      log(`round ${round + 1}/${RUNS}: ${system.name}, load average ${loadAverageNow().toFixed(2)}`);
      const r = await system.run();
      results.push(r);
      log(`  ${JSON.stringify(r)}`);
    }
  }
} finally {
  await counters.close();
}

/** Per task, to three significant digits. */
const per = (n: number | null) => (n === null ? '—' : Number((n / JOBS).toPrecision(3)).toString());
console.table(
  results.map((r) => {
    const main = r.tables.find((t) => t.table === 'tasks' || t.table === '_private_jobs');
    return {
      system: r.system,
      'statements/task (pg_stat_statements)': per(r.statements),
      'queries sent/task': per(r.queriesSent),
      'commits/task': per(r.commits),
      'WAL bytes/task': per(r.walBytes),
      'WAL records/task': per(r.walRecords),
      'full-page images/task': per(r.walFullPages),
      'main table ins/upd/HOT/del per task': main
        ? `${per(main.inserted)}/${per(main.updated)}/${per(main.hotUpdated)}/${per(main.deleted)}`
        : '—',
      'other sessions on the server': r.otherSessions,
    };
  }),
);
for (const r of results) {
  log(
    `${r.system}: tables ${r.tables.map((t) => `${t.table} ins ${t.inserted} upd ${t.updated} hot ${t.hotUpdated} del ${t.deleted}`).join('; ')}`,
  );
  for (const s of r.topStatements) log(`  ${s.calls} × ${s.query}`);
}
console.log(JSON.stringify({ benchmark: 'pgcounts', jobs: JOBS, concurrency: CONCURRENCY, results }));
