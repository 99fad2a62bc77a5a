-- getFloodWindow: the flood window of a key.
-- Params: ? window_key.
SELECT window_key, window_start, window_end, digest_key FROM notification_flood_windows WHERE window_key = ?
