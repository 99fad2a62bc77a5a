-- markRead: one unread line of the user read now.
-- Params: $1 user_id, $2 id.
UPDATE app_notifications SET read_at = now() WHERE id = $2 AND user_id = $1 AND read_at IS NULL
