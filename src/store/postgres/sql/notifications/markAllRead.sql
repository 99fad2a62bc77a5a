-- markAllRead: every unread line of the user read now.
-- Params: $1 user_id.
UPDATE app_notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL
