-- digestItems: a digest's first items, in event order.
-- Params: @delivery_id, @limit.
SELECT event_id, task_type, task_id, error FROM notification_digest_items WHERE delivery_id = @delivery_id
ORDER BY event_id LIMIT @limit
