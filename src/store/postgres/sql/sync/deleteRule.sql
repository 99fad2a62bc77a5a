-- deleteRule: deletes a classification rule.
-- Params: $1 id.
DELETE FROM classification_rules WHERE id = $1
