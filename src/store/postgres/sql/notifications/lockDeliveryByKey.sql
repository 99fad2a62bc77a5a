-- lockDeliveryByKey: a delivery's id and state by its dedupe_key, locked (a digest being joined: a claim of it
-- waits, or passes it over, until the item is in).
-- Params: $1 dedupe_key.
SELECT id, status, attempt FROM notification_deliveries WHERE dedupe_key = $1 FOR UPDATE
