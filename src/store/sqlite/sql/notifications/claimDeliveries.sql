-- claimDeliveries: leases up to @limit pending deliveries due at @now (earliest due first): attempt bumped (the
-- fence), next_attempt_at moved to the lease's end, so a node that dies holding one lets another retry it then. A
-- digest waits while an event from inside its window is still unexpanded: it goes out whole, never in two parts.
-- Params: @now (ms), @limit, @lease (ms).
UPDATE notification_deliveries SET attempt = attempt + 1, next_attempt_at = @now + @lease
WHERE id IN (SELECT id FROM notification_deliveries d WHERE status = 'pending' AND next_attempt_at <= @now
    AND (is_digest = 0 OR NOT EXISTS (
      SELECT 1 FROM notification_events e WHERE e.processed_at IS NULL AND e.created_at < d.window_end))
  ORDER BY next_attempt_at, id LIMIT @limit)
RETURNING *
