/**
 * Issue 11 on PostgreSQL: the claim walks tasks_claim_idx in claim order and stops at its limit — no Sort node —
 * on an analysed table of 20,000 pending tasks of mixed priorities and run times (and running and finished
 * ones). The plan is the store's own statement (sql/tasks/claimTasks.sql) with realistic parameters, explained
 * under the claim connections' settings (openPostgres turns enable_sort and enable_bitmapscan off there) and
 * under PostgreSQL's defaults, where the claim subquery is index-driven as well (only the fetch of the claimed
 * rows by primary key may become a bitmap scan). Then claims through the store come out in that order and pass
 * over the tasks not yet due.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresStorage } from '../../src/store/index.js';
import { openTestPostgres, shouldRunPostgres } from '../support/postgres.js';
import {
  AGING_MS,
  FINISHED,
  HOUR_MS,
  NOT_DUE_AHEAD,
  OWNER,
  PENDING,
  type PlanNode,
  RUNNING,
  TYPES,
  planNodes,
  sqlFile,
} from './claimPlanSupport.js';

const CLAIM_SQL = readFileSync(sqlFile('postgres', 'claimTasks'), 'utf8');

/** The fill of claimPlanSupport.ts in SQL (seeded, so every run gets the same table). */
const FILL = `
SELECT setseed(0.11);
INSERT INTO tasks (task_id, task_type, status, created_at, priority, run_at, claim_key)
SELECT gen_random_uuid(), (ARRAY[${TYPES.map((t) => `'${t}'`).join(',')}])[i % 4 + 1], 'pending', least(r.at, now()),
  (i % 21) - 10, r.at, r.at - make_interval(secs => ((i % 21) - 10) * ${AGING_MS / 1000})
FROM generate_series(0, ${PENDING - 1}) AS i,
  LATERAL (SELECT CASE WHEN i % 10 < 7 THEN now() - random() * ${HOUR_MS / 1000} * interval '1 second'
    ELSE now() + random() * ${HOUR_MS / 1000} * interval '1 second' END AS at) AS r;
INSERT INTO tasks (task_id, task_type, status, created_at, started_at, attempt, priority, run_at, claim_key, lease_owner,
  lease_expires_at)
SELECT gen_random_uuid(), '${TYPES[0]}', 'running', now() - interval '1 hour', now(), 1, 0, now() - interval '1 hour',
  now() - interval '1 hour', 'node-other:1:x', now() + interval '1 minute'
FROM generate_series(1, ${RUNNING});
INSERT INTO tasks (task_id, task_type, status, created_at, started_at, completed_at, attempt, priority, run_at, claim_key)
SELECT gen_random_uuid(), '${TYPES[1]}', CASE WHEN i % 3 = 0 THEN 'failed' ELSE 'completed' END, now() - interval '2 hours',
  now() - interval '2 hours', now() - interval '1 hour', 1, 0, now() - interval '2 hours', now() - interval '2 hours'
FROM generate_series(1, ${FINISHED}) AS i;
INSERT INTO tasks (task_id, task_type, status, created_at, priority, run_at, claim_key)
SELECT gen_random_uuid(), '${TYPES[0]}', 'pending', now(), 10, now() + interval '10 minutes', now() - interval '3 hours'
FROM generate_series(1, ${NOT_DUE_AHEAD});
ANALYZE tasks;
`;

const run = await shouldRunPostgres();

describe.runIf(run)('PostgreSQL claim plan at 20,000 pending tasks', () => {
  let storage: PostgresStorage & { drop(): Promise<void> };

  beforeAll(async () => {
    storage = await openTestPostgres();
    await storage.pool.query(FILL);
  });
  afterAll(async () => {
    await storage?.drop();
  });

  /** The plan of the claim statement, under the claim pool's settings or PostgreSQL's defaults. */
  async function explain(settings: 'claim pool' | 'defaults', types: string[], limit: number): Promise<PlanNode> {
    const c = await storage.pool.connect();
    try {
      await c.query('BEGIN');
      if (settings === 'claim pool') await c.query('SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off');
      const { rows } = await c.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${CLAIM_SQL}`, [
        OWNER,
        60_000,
        types,
        limit,
      ]);
      return rows[0]!['QUERY PLAN'][0].Plan;
    } finally {
      await c.query('ROLLBACK').catch(() => {});
      c.release();
    }
  }

  /** The claim subquery walks tasks_claim_idx under its Limit, and nothing sorts. */
  function expectIndexWalk(plan: PlanNode): void {
    const nodes = planNodes(plan);
    const walk = nodes.filter((n) => n.node['Node Type'] === 'Index Scan' && n.node['Index Name'] === 'tasks_claim_idx');
    expect(walk, JSON.stringify(plan)).toHaveLength(1);
    expect(walk[0]!.ancestors).toContain('Limit');
    expect(nodes.map((n) => n.node['Node Type']).filter((t) => /Sort/.test(t))).toEqual([]);
    expect(nodes.filter((n) => n.node['Node Type'] === 'Seq Scan')).toEqual([]);
  }

  for (const settings of ['claim pool', 'defaults'] as const) {
    for (const [label, types] of [
      ['every type', TYPES],
      ['one type of four', TYPES.slice(0, 1)],
    ] as const) {
      const under = settings === 'claim pool' ? "the claim pool's settings" : "PostgreSQL's default settings";
      it(`under ${under}, ${label}: an Index Scan on tasks_claim_idx under the Limit, no Sort`, async () => {
        for (const limit of [1, 10]) expectIndexWalk(await explain(settings, [...types], limit));
      });
    }
  }

  it("with the claim pool's settings the claimed rows are fetched by primary key (no bitmap scan)", async () => {
    const nodes = planNodes(await explain('claim pool', TYPES, 10)).map((n) => n.node);
    expect(nodes.filter((n) => n['Node Type'].startsWith('Bitmap'))).toEqual([]);
    expect(nodes.some((n) => n['Node Type'] === 'Index Scan' && n['Index Name'] === 'tasks_pkey')).toBe(true);
  });

  it('claims through the store come out in claim order, due tasks only, past the tasks not yet due ahead of them', async () => {
    const due = `SELECT task_id FROM tasks WHERE status = 'pending' AND run_at <= now() ORDER BY claim_key, task_id LIMIT 25`;
    const expected = (await storage.pool.query<{ task_id: string }>(due)).rows.map((r) => r.task_id);
    const claimed = await storage.tasks.claimTasks({ types: TYPES, limit: 25, leaseOwner: OWNER, leaseMs: 60_000 });
    expect(claimed.map((t) => t.task_id)).toEqual(expected);
    const now = Date.now();
    for (const t of claimed) expect(Date.parse(t.run_at)).toBeLessThanOrEqual(now);
    const ahead = await storage.pool.query<{ status: string }>(`SELECT status FROM tasks WHERE claim_key < now() - interval '150 minutes'`);
    expect(ahead.rows.map((r) => r.status)).toEqual(Array(NOT_DUE_AHEAD).fill('pending'));
  });
});
