-- listRules: every classification rule in the order they are tried.
SELECT * FROM classification_rules ORDER BY priority, id
