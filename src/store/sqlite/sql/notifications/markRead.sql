-- markRead: one unread line of the user read at @now.
-- Params: @user_id, @id, @now (ms).
UPDATE app_notifications SET read_at = @now WHERE id = @id AND user_id = @user_id AND read_at IS NULL
