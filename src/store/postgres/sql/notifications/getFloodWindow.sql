-- getFloodWindow: the flood window of a key, with its end compared to an event's time.
-- Params: $1 window_key, $2 the event's created_at.
SELECT window_start, window_end, digest_key, $2::timestamptz >= window_end AS ended
FROM notification_flood_windows WHERE window_key = $1
