/**
 * Fills a fresh tasks table with the claim benchmark's backlog in one statement: `rows` pending tasks of four
 * types, priorities −10…10 in turn, 70% due (run_at within the last hour, enqueued then) and 30% delayed (run_at
 * within the next hour, enqueued within the last one); claim_key = run_at − priority × 3 s (the default aging).
 * Ids are time-ordered like the engine's (UUID v7 of created_at) and rows go in in creation order, as a backlog
 * enqueued over an hour would lie in the table. Then the statistics are refreshed (VACUUM ANALYZE; SQLite: ANALYZE).
 */
import type { PostgresStorage, SqliteStorage, Storage } from '../../src/store/index.js';

/** The task types of the backlog; the claims ask for all of them. */
export const CLAIM_TYPES = ['claim_a', 'claim_b', 'claim_c', 'claim_d'];
/** The default aging interval (ENGINE_DEFAULTS.priorityAgingMs). */
const AGING_S = 3;

const POSTGRES_FILL = `
INSERT INTO tasks (task_id, task_type, status, created_at, priority, run_at, claim_key)
SELECT (lpad(to_hex(floor(extract(epoch FROM created) * 1000)::bigint), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
  (ARRAY[${CLAIM_TYPES.map((t) => `'${t}'`).join(',')}])[i % 4 + 1], 'pending', created, prio, at, at - make_interval(secs => prio * ${AGING_S})
FROM (
  SELECT i, prio, h, past AS created, CASE WHEN i % 10 < 7 THEN past ELSE future END AS at
  FROM (
    SELECT i, (i % 21) - 10 AS prio, md5(i::text) AS h,
      now() - random() * interval '1 hour' AS past, now() + random() * interval '1 hour' AS future
    FROM generate_series(0, $1::int - 1) AS i
  ) AS r
) AS s
ORDER BY created`;

const SQLITE_FILL = `
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @rows - 1),
s AS (
  SELECT i, (i % 21) - 10 AS prio, lower(hex(randomblob(10))) AS h,
    @now - abs(random()) % 3600000 AS created, abs(random()) % 3600000 AS ahead
  FROM n
)
INSERT INTO tasks (task_id, task_type, status, created_at, priority, run_at, claim_key)
SELECT id, type, 'pending', created, prio, at, at - prio * ${AGING_S * 1000}
FROM (
  SELECT printf('%08x-%s-7%s-8%s-%s', created >> 16, printf('%04x', created & 65535), substr(h, 1, 3), substr(h, 4, 3), substr(h, 7, 12)) AS id,
    json_extract(@types, '$[' || (i % 4) || ']') AS type, created, prio,
    CASE WHEN i % 10 < 7 THEN created ELSE @now + ahead END AS at
  FROM s
)
ORDER BY id`;

/** Fills the store's (empty, migrated) tasks table with `rows` pending tasks and refreshes its statistics. */
export async function fillBacklog(storage: Storage, rows: number): Promise<void> {
  if (storage.kind === 'postgres') {
    const { pool } = storage as PostgresStorage;
    await pool.query(POSTGRES_FILL, [rows]);
    await pool.query('VACUUM ANALYZE tasks');
    return;
  }
  const { db } = storage as SqliteStorage;
  db.prepare(SQLITE_FILL).run({ rows, now: Date.now(), types: JSON.stringify(CLAIM_TYPES) });
  db.exec('ANALYZE');
}
