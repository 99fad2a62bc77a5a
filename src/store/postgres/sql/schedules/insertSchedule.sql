-- insertSchedule: stores a new schedule (version 1, created_at and updated_at the database's now) and tells the
-- nodes listening on the schedules channel (its payload: the id), so they re-arm their timers.
-- Params: $1 id, $2 name, $3 task_type, $4 payload (JSON text), $5 cron, $6 timezone, $7 enabled, $8 missed,
--   $9 missed_cap, $10 overlap, $11 next_run_at, $12 created_by, $13 the schedules channel.
-- Returns: the row, last_task_status NULL (no task yet).
WITH ins AS (
  INSERT INTO schedules (id, name, task_type, payload, cron, timezone, enabled, missed, missed_cap, overlap, next_run_at, created_by)
  VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12)
  RETURNING *
)
SELECT ins.*, NULL::text AS last_task_status FROM ins CROSS JOIN LATERAL (SELECT pg_notify($13, ins.id::text)) AS notified
