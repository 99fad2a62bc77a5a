-- getRule: one classification rule.
-- Params: ? id.
SELECT * FROM classification_rules WHERE id = ?
