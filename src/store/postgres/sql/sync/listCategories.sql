-- listCategories: every category by name, then id. COLLATE "C" (code point order) sorts as SQLite does,
-- whatever the database's collation.
SELECT * FROM categories ORDER BY name COLLATE "C", id
