-- markEventProcessed: an expansion's claim on its event: processed now, only if it was not yet; returns its created_at
-- and its ms since the epoch, and the transaction's now (nothing when another expansion got there first).
-- Params: $1 id.
UPDATE notification_events SET processed_at = now() WHERE id = $1 AND processed_at IS NULL
RETURNING created_at, floor(extract(epoch FROM created_at) * 1000)::bigint AS created_ms, now() AS db_now
