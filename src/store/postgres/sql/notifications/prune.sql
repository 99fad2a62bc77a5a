-- prune: processed events, sent deliveries (sent before the cut) and given-up ones (created before it) with their
-- items, read bell lines and ended flood windows, older than $1 ms; returns how many rows (items not counted).
-- Params: $1 age ms.
WITH cut AS (SELECT now() - make_interval(secs => $1::double precision / 1000) AS before),
ev AS (DELETE FROM notification_events e USING cut WHERE e.processed_at < cut.before RETURNING 1),
dl AS (DELETE FROM notification_deliveries d USING cut
  WHERE d.status = 'sent' AND d.sent_at < cut.before OR d.status = 'failed' AND d.created_at < cut.before RETURNING 1),
ap AS (DELETE FROM app_notifications a USING cut WHERE a.read_at < cut.before RETURNING 1),
fw AS (DELETE FROM notification_flood_windows w USING cut WHERE w.window_end < cut.before RETURNING 1)
SELECT ((SELECT count(*) FROM ev) + (SELECT count(*) FROM dl) + (SELECT count(*) FROM ap) + (SELECT count(*) FROM fw))::int AS n
