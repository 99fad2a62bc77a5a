-- unreadCount: how many of a user's bell lines are unread.
-- Params: $1 user_id.
SELECT count(*)::int AS n FROM app_notifications WHERE user_id = $1 AND read_at IS NULL
