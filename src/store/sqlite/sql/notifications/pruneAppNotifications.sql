-- pruneAppNotifications: bell lines read before @before.
-- Params: @before (ms).
DELETE FROM app_notifications WHERE read_at IS NOT NULL AND read_at < @before
