-- updateCategory: writes the given columns of a category. The SET list goes in the set slot below, built in
-- TS from the columns the patch gives (see setList); a patch that gives none reads getCategory instead.
-- Params: $1 id, $2 … the patched columns' values in the order of the SET list.
UPDATE categories SET /*set*/ WHERE id = $1 RETURNING *
