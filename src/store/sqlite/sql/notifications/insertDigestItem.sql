-- insertDigestItem: one event's item in a digest (nothing when it is there already).
-- Params: @delivery_id, @event_id, @task_type, @task_id, @error.
INSERT INTO notification_digest_items (delivery_id, event_id, task_type, task_id, error)
VALUES (@delivery_id, @event_id, @task_type, @task_id, @error)
ON CONFLICT (delivery_id, event_id) DO NOTHING
