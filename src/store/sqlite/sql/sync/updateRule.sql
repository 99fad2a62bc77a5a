-- updateRule: writes the given columns of a classification rule. The SET list goes in the set slot below,
-- built in TS from the columns the patch gives (see setList); a patch that gives none reads getRule instead.
-- Params (named, see ruleParams): @id, and @column for each patched column (JSON lists as text).
UPDATE classification_rules SET /*set*/ WHERE id = @id RETURNING *
