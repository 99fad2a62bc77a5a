-- getCategory: one category.
-- Params: ? id.
SELECT * FROM categories WHERE id = ?
