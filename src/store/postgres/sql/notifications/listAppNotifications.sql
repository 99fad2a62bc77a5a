-- listAppNotifications: a user's bell lines, newest first (only the unread with $2), and the unread count.
-- Params: $1 user_id, $2 unread only, $3 limit.
SELECT id, kind, title, body, task_id, created_at, read_at FROM app_notifications
WHERE user_id = $1 AND (NOT $2::boolean OR read_at IS NULL)
ORDER BY created_at DESC, id DESC LIMIT $3
