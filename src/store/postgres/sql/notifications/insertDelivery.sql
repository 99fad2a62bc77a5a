-- insertDelivery: a delivery, unless one with its dedupe_key exists (then nothing). next_attempt_at = due_at.
-- Params: $1 id, $2 dedupe_key, $3 channel, $4 recipient, $5 user_id, $6 rule_id, $7 content (JSON text or NULL),
--   $8 is_digest, $9 window_start, $10 window_end, $11 due_at (NULL: now).
INSERT INTO notification_deliveries (id, dedupe_key, channel, recipient, user_id, rule_id, content, is_digest,
  window_start, window_end, next_attempt_at, due_at)
VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, coalesce($11, now()), coalesce($11, now()))
ON CONFLICT (dedupe_key) DO NOTHING
