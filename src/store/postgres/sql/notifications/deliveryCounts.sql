-- deliveryCounts: deliveries waiting and given up, and events not yet expanded.
-- Params: none.
SELECT (SELECT count(*) FROM notification_deliveries WHERE status = 'pending')::int AS pending,
  (SELECT count(*) FROM notification_deliveries WHERE status = 'failed')::int AS failed,
  (SELECT count(*) FROM notification_events WHERE processed_at IS NULL)::int AS events_pending
