/**
 * Fills a fresh tasks table with a year of finished tasks in one statement: `rows` tasks created one every
 * year/rows ms up to now, in creation order, with time-ordered ids like the engine's (UUID v7 of created_at).
 * The mix (by the row's number i):
 *   - types: `audit.rebuild` 1 in 5,000 (the rare type), then `onec.sync` 60%, `report.build` 30%, `export.csv` 10%;
 *   - owners: the manager (2) 1 in 2,000, no owner (enqueued by code) 20%, else users 3…10 in turn (~10% each);
 *   - statuses: cancelled 1 in 47, failed 1 in 19, else completed.
 * Then the statistics are refreshed (VACUUM ANALYZE; SQLite: ANALYZE).
 */
import type { PostgresStorage, SqliteStorage, Storage } from '../../src/store/index.js';

/** One year in ms: the span the tasks' creation times cover, ending now. */
export const SPAN_MS = 365 * 24 * 3600 * 1000;
export const RARE_TYPE = 'audit.rebuild';
export const MANAGER_ID = 2;
/** A user with about a tenth of the tasks. */
export const USER_ID = 3;
export const TASK_TYPES = [RARE_TYPE, 'onec.sync', 'report.build', 'export.csv'];

const TYPE = `CASE WHEN i % 5000 = 2500 THEN '${RARE_TYPE}' WHEN i % 10 < 6 THEN 'onec.sync' WHEN i % 10 < 9 THEN 'report.build' ELSE 'export.csv' END`;
const OWNER = `CASE WHEN i % 2000 = 7 THEN ${MANAGER_ID} WHEN i % 5 = 0 THEN NULL ELSE 3 + i % 8 END`;
const STATUS = `CASE WHEN i % 47 = 1 THEN 'cancelled' WHEN i % 19 = 3 THEN 'failed' ELSE 'completed' END`;

const POSTGRES_FILL = `
INSERT INTO tasks (task_id, task_type, status, created_at, started_at, completed_at, run_at, claim_key, user_id,
  attempt, processed, total, message, result, error)
SELECT (lpad(to_hex(ms), 12, '0') || '7' || lpad(to_hex(i % 4096), 3, '0') || '8' || lpad(to_hex(i), 15, '0'))::uuid,
  type, status, at, at + interval '1 second', at + interval '30 seconds', at, at, owner, 1, 100, 100, 'Готово',
  CASE WHEN status = 'completed' THEN '{"ok": true}'::jsonb END, CASE WHEN status = 'failed' THEN 'Ошибка' END
FROM (
  SELECT i, ms, to_timestamp(ms / 1000.0) AS at, ${TYPE} AS type, ${OWNER} AS owner, ${STATUS} AS status
  FROM (SELECT i, $2::bigint + i * $3::bigint AS ms FROM generate_series(0, $1::int - 1) AS i) AS n
) AS s`;

const SQLITE_FILL = `
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @rows - 1)
INSERT INTO tasks (task_id, task_type, status, created_at, started_at, completed_at, run_at, claim_key, user_id,
  attempt, processed, total, message, result, error)
SELECT printf('%08x-%04x-7%03x-8%03x-%012x', ms >> 16, ms & 65535, i % 4096, (i >> 12) % 4096, i),
  type, status, ms, ms + 1000, ms + 30000, ms, ms, owner, 1, 100, 100, 'Готово',
  CASE WHEN status = 'completed' THEN '{"ok":true}' END, CASE WHEN status = 'failed' THEN 'Ошибка' END
FROM (SELECT i, @start + i * @step AS ms, ${TYPE} AS type, ${OWNER} AS owner, ${STATUS} AS status FROM n)`;

/** The first task's creation time and the step between two tasks, for `rows` tasks ending now. */
export function timeline(rows: number, now = Date.now()): { start: number; step: number } {
  const step = Math.floor(SPAN_MS / rows);
  return { start: now - rows * step, step };
}

/** Fills the store's (empty, migrated) tasks table with `rows` finished tasks and refreshes its statistics. */
export async function fillFinished(storage: Storage, rows: number, start: number, step: number): Promise<void> {
  if (storage.kind === 'postgres') {
    const { pool } = storage as PostgresStorage;
    await pool.query(POSTGRES_FILL, [rows, start, step]);
    await pool.query('VACUUM ANALYZE tasks');
    return;
  }
  const { db } = storage as SqliteStorage;
  db.prepare(SQLITE_FILL).run({ rows, start, step });
  db.exec('ANALYZE');
}
