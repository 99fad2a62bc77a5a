-- listAppNotifications: a user's bell lines, newest first (only the unread with @unread_only = 1).
-- Params: @user_id, @unread_only (0/1), @limit.
SELECT id, kind, title, body, task_id, created_at, read_at FROM app_notifications
WHERE user_id = @user_id AND (@unread_only = 0 OR read_at IS NULL)
ORDER BY created_at DESC, id DESC LIMIT @limit
