-- digestCounts: a digest's items counted by task type ('' for none).
-- Params: $1 delivery_id.
SELECT coalesce(task_type, '') AS task_type, count(*)::int AS n FROM notification_digest_items WHERE delivery_id = $1
GROUP BY 1
