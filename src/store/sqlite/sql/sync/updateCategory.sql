-- updateCategory: writes the given columns of a category. The SET list goes in the set slot below, built in
-- TS from the columns the patch gives (see setList); a patch that gives none reads getCategory instead.
-- Params (named): @id, and @column for each patched column.
UPDATE categories SET /*set*/ WHERE id = @id RETURNING *
