-- pendingEvents: the oldest unprocessed events, in id order.
-- Params: ? limit.
SELECT id, kind, task_id, task_type, rule_id, detail, created_at FROM notification_events
WHERE processed_at IS NULL ORDER BY id LIMIT ?
