-- listRules: every rule, by name then id.
-- Params: none.
SELECT * FROM notification_rules ORDER BY name, id
