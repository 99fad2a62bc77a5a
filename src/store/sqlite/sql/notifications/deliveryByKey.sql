-- deliveryByKey: a delivery's id and state by its dedupe_key (a digest being joined).
-- Params: ? dedupe_key.
SELECT id, status, attempt FROM notification_deliveries WHERE dedupe_key = ?
