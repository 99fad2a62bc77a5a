-- insertRule: stores a new rule (created_at and updated_at the database's now); returns it.
-- Params: $1 id, $2 name, $3 event, $4 task_type, $5 stuck_minutes, $6 user_ids, $7 user_channels, $8 emails (JSON
--   text), $9 webhook_url, $10 webhook_secret, $11 mode, $12 digest_minutes, $13 enabled, $14 created_by.
INSERT INTO notification_rules (id, name, event, task_type, stuck_minutes, user_ids, user_channels, emails, webhook_url,
  webhook_secret, mode, digest_minutes, enabled, created_by)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14)
RETURNING *
