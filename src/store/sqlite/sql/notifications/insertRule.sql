-- insertRule: stores a new rule, created and updated at @now; returns it.
-- Params: @id, @name, @event, @task_type, @stuck_minutes, @user_ids, @user_channels, @emails (JSON text),
--   @webhook_url, @webhook_secret, @mode, @digest_minutes, @enabled (0/1), @created_by, @now (ms).
INSERT INTO notification_rules (id, name, event, task_type, stuck_minutes, user_ids, user_channels, emails, webhook_url,
  webhook_secret, mode, digest_minutes, enabled, created_by, created_at, updated_at)
VALUES (@id, @name, @event, @task_type, @stuck_minutes, @user_ids, @user_channels, @emails, @webhook_url,
  @webhook_secret, @mode, @digest_minutes, @enabled, @created_by, @now, @now)
RETURNING *
