-- claimDeliveries: leases up to $1 pending deliveries due now (earliest due first): attempt bumped (the fence),
-- next_attempt_at moved to the lease's end, so a node that dies holding one lets another retry it then. Rows
-- another transaction holds (another claim, an expansion adding a digest item) are passed over.
-- Params: $1 limit, $2 lease ms.
WITH due AS (
  SELECT id FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
  ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED
)
UPDATE notification_deliveries d
SET attempt = d.attempt + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
FROM due WHERE d.id = due.id
RETURNING d.*
