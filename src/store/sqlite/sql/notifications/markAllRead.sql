-- markAllRead: every unread line of the user read at @now.
-- Params: @user_id, @now (ms).
UPDATE app_notifications SET read_at = @now WHERE user_id = @user_id AND read_at IS NULL
