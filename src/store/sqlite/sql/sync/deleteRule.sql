-- deleteRule: deletes a classification rule.
-- Params: ? id.
DELETE FROM classification_rules WHERE id = ?
