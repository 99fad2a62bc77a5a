-- unreadCount: how many of a user's bell lines are unread.
-- Params: ? user_id.
SELECT count(*) FROM app_notifications WHERE user_id = ? AND read_at IS NULL
