-- pruneEvents: processed events older than @before.
-- Params: @before (ms).
DELETE FROM notification_events WHERE processed_at IS NOT NULL AND processed_at < @before
