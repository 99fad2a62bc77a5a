-- claimDeliveries: leases up to @limit pending deliveries due at @now (earliest due first): attempt bumped (the
-- fence), next_attempt_at moved to the lease's end, so a node that dies holding one lets another retry it then.
-- Params: @now (ms), @limit, @lease (ms).
UPDATE notification_deliveries SET attempt = attempt + 1, next_attempt_at = @now + @lease
WHERE id IN (SELECT id FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= @now
  ORDER BY next_attempt_at, id LIMIT @limit)
RETURNING *
