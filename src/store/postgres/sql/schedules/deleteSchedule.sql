-- deleteSchedule: removes a schedule (its tasks stay) and tells the nodes listening on the schedules channel.
-- Params: $1 id, $2 the schedules channel.
-- Returns: the id (no row when there was none).
WITH del AS (DELETE FROM schedules WHERE id = $1 RETURNING id)
SELECT del.id FROM del CROSS JOIN LATERAL (SELECT pg_notify($2, del.id::text)) AS notified
