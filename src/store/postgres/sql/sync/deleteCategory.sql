-- deleteCategory: deletes a category; its rules go by ON DELETE CASCADE.
-- Params: $1 id.
DELETE FROM categories WHERE id = $1
