-- pruneFloodWindows: flood windows that ended before @before.
-- Params: @before (ms).
DELETE FROM notification_flood_windows WHERE window_end < @before
