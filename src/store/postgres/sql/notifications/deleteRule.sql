-- deleteRule: removes a rule (its events and deliveries stay).
-- Params: $1 id.
DELETE FROM notification_rules WHERE id = $1
