-- claimDeliveries: leases up to $1 pending deliveries due now (earliest due first): attempt bumped (the fence),
-- next_attempt_at moved to the lease's end, so a node that dies holding one lets another retry it then. Rows
-- another transaction holds (another claim, an expansion adding a digest item) are passed over. A digest waits while
-- an event from inside its window is still unexpanded (a flood expanded slower than it came): it goes out whole,
-- never as a first part and a late rest.
-- Params: $1 limit, $2 lease ms.
WITH due AS (
  SELECT id FROM notification_deliveries d WHERE status = 'pending' AND next_attempt_at <= now()
    AND (NOT is_digest OR NOT EXISTS (
      SELECT 1 FROM notification_events e WHERE e.processed_at IS NULL AND e.created_at < d.window_end))
  ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED
)
UPDATE notification_deliveries d
SET attempt = d.attempt + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
FROM due WHERE d.id = due.id
RETURNING d.*
