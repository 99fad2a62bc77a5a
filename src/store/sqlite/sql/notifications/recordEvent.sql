-- recordEvent: an event recorded outside the trigger (a stuck task), unless one with its dedupe_key exists.
-- Params: @kind, @dedupe_key, @task_id, @task_type, @rule_id, @detail (JSON text or NULL), @now (ms).
INSERT INTO notification_events (kind, dedupe_key, task_id, task_type, rule_id, detail, created_at)
VALUES (@kind, @dedupe_key, @task_id, @task_type, @rule_id, @detail, @now)
ON CONFLICT (dedupe_key) DO NOTHING
