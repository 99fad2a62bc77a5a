-- listCategories: every category by name (code point order), then id.
SELECT * FROM categories ORDER BY name, id
