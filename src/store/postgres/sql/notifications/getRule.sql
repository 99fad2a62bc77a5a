-- getRule: one rule.
-- Params: $1 id.
SELECT * FROM notification_rules WHERE id = $1
