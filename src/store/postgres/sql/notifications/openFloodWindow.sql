-- openFloodWindow: opens (or replaces, once ended) the flood window of a key: [$2, $2 + $3 ms).
-- Params: $1 window_key, $2 window_start, $3 window length ms, $4 digest_key.
INSERT INTO notification_flood_windows (window_key, window_start, window_end, digest_key)
VALUES ($1, $2, $2::timestamptz + make_interval(secs => $3::double precision / 1000), $4)
ON CONFLICT (window_key) DO UPDATE SET window_start = excluded.window_start, window_end = excluded.window_end,
  digest_key = excluded.digest_key
