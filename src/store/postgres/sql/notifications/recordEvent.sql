-- recordEvent: an event recorded outside the trigger (a stuck task), unless one with its dedupe_key exists.
-- Params: $1 kind, $2 dedupe_key, $3 task_id, $4 task_type, $5 rule_id, $6 detail (JSON text or NULL).
INSERT INTO notification_events (kind, dedupe_key, task_id, task_type, rule_id, detail)
VALUES ($1, $2, $3, $4, $5, $6::jsonb)
ON CONFLICT (dedupe_key) DO NOTHING
