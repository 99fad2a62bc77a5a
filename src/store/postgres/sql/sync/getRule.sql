-- getRule: one classification rule.
-- Params: $1 id.
SELECT * FROM classification_rules WHERE id = $1
