-- digestItems: a digest's first items, in event order.
-- Params: $1 delivery_id, $2 limit.
SELECT event_id, task_type, task_id, error FROM notification_digest_items WHERE delivery_id = $1
ORDER BY event_id LIMIT $2
