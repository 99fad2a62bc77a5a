-- deleteRule: removes a rule (its events and deliveries stay).
-- Params: ? id.
DELETE FROM notification_rules WHERE id = ?
