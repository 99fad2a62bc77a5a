-- insertDelivery: a delivery, unless one with its dedupe_key exists (then nothing). next_attempt_at = due_at.
-- Params: @id, @dedupe_key, @channel, @recipient, @user_id, @rule_id, @content (JSON text or NULL), @is_digest
--   (0/1), @window_start, @window_end (ms or NULL), @due_at (ms), @now (ms).
INSERT INTO notification_deliveries (id, dedupe_key, channel, recipient, user_id, rule_id, content, is_digest,
  window_start, window_end, next_attempt_at, due_at, created_at)
VALUES (@id, @dedupe_key, @channel, @recipient, @user_id, @rule_id, @content, @is_digest,
  @window_start, @window_end, @due_at, @due_at, @now)
ON CONFLICT (dedupe_key) DO NOTHING
