-- categoryNameTaken: a row when another category has this name, Cyrillic folded too (casefold is registered by
-- the store; the unique index is on lower(name), which folds ASCII only).
-- Params (named): @name, @id (the category renamed, or null for a new one).
SELECT 1 FROM categories WHERE casefold(name) = casefold(@name) AND id IS NOT @id
