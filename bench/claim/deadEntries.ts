/**
 * `npx tsx bench/claim/deadEntries.ts`: why a PostgreSQL claim gets slower as tasks are claimed (issue 11). A
 * claimed task leaves a dead entry at the head of tasks_claim_idx, which the next claims walk over until VACUUM
 * removes it; while any snapshot older than the claim is held (a long transaction anywhere in the database) the
 * entry cannot even be marked dead, and every claim fetches its heap row again. Fills 1,000,000 pending tasks as
 * the benchmark does, then samples 200 claims of limit 10 under EXPLAIN (ANALYZE, BUFFERS) at each step: the
 * execution time and the buffers the index scan touched. The claims run with the claim pool's settings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { percentile } from '../engine/percentiles.js';
import { BENCH_DATABASE_URL, dropLocation, freshLocation, openLocation } from '../engine/stores.js';
import { CLAIM_TYPES, fillBacklog } from './fill.js';

const CLAIM_SQL = readFileSync(fileURLToPath(new URL('../../src/store/postgres/sql/tasks/claimTasks.sql', import.meta.url)), 'utf8');
const params = (limit: number) => ['bench-dead:1:x', 3_600_000, CLAIM_TYPES, limit];
interface Node {
  'Index Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: Node[];
}
const nodes = (n: Node): Node[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
const stat = (a: number[], digits: number) => `p50 ${percentile(a, 50).toFixed(digits)}, p99 ${percentile(a, 99).toFixed(digits)}`;

const location = await freshLocation('postgres');
const storage = await openLocation(location);
const session = { connectionString: BENCH_DATABASE_URL, options: `-c search_path=${location.where}` };
const claimer = new pg.Client({
  ...session,
  options: `${session.options} -c synchronous_commit=off -c enable_sort=off -c enable_bitmapscan=off`,
});
const reader = new pg.Client(session);
try {
  await fillBacklog(storage, 1_000_000);
  await claimer.connect();
  await reader.connect();
  const claim = async (claims: number) => {
    for (let i = 0; i < claims; i++) await claimer.query(CLAIM_SQL, params(10));
  };
  const sample = async (step: string) => {
    const ms: number[] = [];
    const buffers: number[] = [];
    for (let i = 0; i < 200; i++) {
      const { rows } = await claimer.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${CLAIM_SQL}`, params(10));
      const explained = rows[0]['QUERY PLAN'][0] as { 'Execution Time': number; Plan: Node };
      ms.push(explained['Execution Time']);
      const scan = nodes(explained.Plan).find((n) => n['Index Name'] === 'tasks_claim_idx')!;
      buffers.push(scan['Shared Hit Blocks'] + scan['Shared Read Blocks']);
    }
    console.log(`${step}: execution ms ${stat(ms, 3)}; index scan buffers ${stat(buffers, 0)}`);
  };
  const timed = async (what: string, sql: string) => {
    const start = performance.now();
    await claimer.query(sql);
    console.log(`${what}: ${Math.round(performance.now() - start)} ms`);
  };
  await sample('fresh backlog (2,000 claimed by the sample)');
  await claim(5_000);
  await sample('54,000 claimed');
  await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await reader.query('SELECT count(*) FROM schema_migrations');
  await claim(1_000);
  await sample('66,000 claimed, the last 12,000 while another session holds a snapshot');
  await reader.query('COMMIT');
  await sample('snapshot released (these scans mark the entries dead)');
  await sample('snapshot released, again');
  await timed('VACUUM tasks', 'VACUUM tasks');
  await sample('after VACUUM');
  await claim(5_000);
  await sample('50,000 more claimed');
  await timed('VACUUM (INDEX_CLEANUP ON) tasks', 'VACUUM (INDEX_CLEANUP ON) tasks');
  await sample('after VACUUM (INDEX_CLEANUP ON)');
} finally {
  await claimer.end().catch(() => {});
  await reader.end().catch(() => {});
  await storage.close();
  await dropLocation(location);
}
