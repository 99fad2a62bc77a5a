-- getRule: one rule.
-- Params: ? id.
SELECT * FROM notification_rules WHERE id = ?
