-- insertDigestItem: one event's item in a digest (nothing when it is there already).
-- Params: $1 delivery_id, $2 event_id, $3 task_type, $4 task_id, $5 error.
INSERT INTO notification_digest_items (delivery_id, event_id, task_type, task_id, error)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (delivery_id, event_id) DO NOTHING
