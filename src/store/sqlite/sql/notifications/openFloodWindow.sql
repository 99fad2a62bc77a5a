-- openFloodWindow: opens (or replaces, once ended) the flood window of a key.
-- Params: @window_key, @window_start, @window_end (ms), @digest_key.
INSERT INTO notification_flood_windows (window_key, window_start, window_end, digest_key)
VALUES (@window_key, @window_start, @window_end, @digest_key)
ON CONFLICT (window_key) DO UPDATE SET window_start = excluded.window_start, window_end = excluded.window_end,
  digest_key = excluded.digest_key
