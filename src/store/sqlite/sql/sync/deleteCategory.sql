-- deleteCategory: deletes a category; its rules go by ON DELETE CASCADE.
-- Params: ? id.
DELETE FROM categories WHERE id = ?
