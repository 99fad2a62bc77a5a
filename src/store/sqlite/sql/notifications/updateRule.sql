-- updateRule: an edit: writes each column whose @set_<column> is 1 (the others are kept) and sets updated_at to
-- @now; returns the row (nothing when there is no such rule).
-- Params: @id, @now (ms), and for each editable column @set_<column> (0/1) and @<column> (arrays JSON text,
--   enabled 0/1).
UPDATE notification_rules SET
  name = iif(@set_name, @name, name),
  event = iif(@set_event, @event, event),
  task_type = iif(@set_task_type, @task_type, task_type),
  stuck_minutes = iif(@set_stuck_minutes, @stuck_minutes, stuck_minutes),
  user_ids = iif(@set_user_ids, @user_ids, user_ids),
  user_channels = iif(@set_user_channels, @user_channels, user_channels),
  emails = iif(@set_emails, @emails, emails),
  webhook_url = iif(@set_webhook_url, @webhook_url, webhook_url),
  webhook_secret = iif(@set_webhook_secret, @webhook_secret, webhook_secret),
  mode = iif(@set_mode, @mode, mode),
  digest_minutes = iif(@set_digest_minutes, @digest_minutes, digest_minutes),
  enabled = iif(@set_enabled, @enabled, enabled),
  updated_at = @now
WHERE id = @id
RETURNING *
