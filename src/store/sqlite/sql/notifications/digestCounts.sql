-- digestCounts: a digest's items counted by task type ('' for none).
-- Params: ? delivery_id.
SELECT coalesce(task_type, '') AS task_type, count(*) AS n FROM notification_digest_items WHERE delivery_id = ?
GROUP BY 1
