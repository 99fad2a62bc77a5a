-- updateSchedule: an edit, only while the stored version is the expected one. The patch is one JSON object: a key
-- present is written (its JSON null as NULL), a key absent keeps the column. Bumps version and updated_at and
-- tells the nodes listening on the schedules channel.
-- Params: $1 id, $2 expected version, $3 patch (JSON text: name, task_type, payload, cron, timezone, enabled,
--   missed, missed_cap, overlap, next_run_at, queued_for, last_error), $4 the schedules channel.
-- Returns: the row after the edit and last_task_status (no row when the version differs or the id is unknown).
WITH p AS (SELECT $3::jsonb AS j),
upd AS (
  UPDATE schedules SET
    name = CASE WHEN p.j ? 'name' THEN p.j->>'name' ELSE name END,
    task_type = CASE WHEN p.j ? 'task_type' THEN p.j->>'task_type' ELSE task_type END,
    payload = CASE WHEN p.j ? 'payload' THEN p.j->'payload' ELSE payload END,
    cron = CASE WHEN p.j ? 'cron' THEN p.j->>'cron' ELSE cron END,
    timezone = CASE WHEN p.j ? 'timezone' THEN p.j->>'timezone' ELSE timezone END,
    enabled = CASE WHEN p.j ? 'enabled' THEN (p.j->>'enabled')::boolean ELSE enabled END,
    missed = CASE WHEN p.j ? 'missed' THEN p.j->>'missed' ELSE missed END,
    missed_cap = CASE WHEN p.j ? 'missed_cap' THEN (p.j->>'missed_cap')::integer ELSE missed_cap END,
    overlap = CASE WHEN p.j ? 'overlap' THEN p.j->>'overlap' ELSE overlap END,
    next_run_at = CASE WHEN p.j ? 'next_run_at' THEN (p.j->>'next_run_at')::timestamptz ELSE next_run_at END,
    queued_for = CASE WHEN p.j ? 'queued_for' THEN (p.j->>'queued_for')::timestamptz ELSE queued_for END,
    last_error = CASE WHEN p.j ? 'last_error' THEN p.j->>'last_error' ELSE last_error END,
    version = version + 1,
    updated_at = now()
  FROM p
  WHERE id = $1 AND version = $2
  RETURNING schedules.*
)
SELECT upd.*, t.status AS last_task_status
FROM upd LEFT JOIN tasks t ON t.task_id = upd.last_task_id
  CROSS JOIN LATERAL (SELECT pg_notify($4, upd.id::text)) AS notified
