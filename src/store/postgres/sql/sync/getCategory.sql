-- getCategory: one category.
-- Params: $1 id.
SELECT * FROM categories WHERE id = $1
