-- updateRule: writes the given columns of a classification rule. The SET list goes in the set slot below,
-- built in TS from the columns the patch gives (see setList); a patch that gives none reads getRule instead.
-- Params: $1 id, $2 … the patched columns' values in the order of the SET list (JSON lists as text).
UPDATE classification_rules SET /*set*/ WHERE id = $1 RETURNING *
