-- insertCategory: a new category; a name taken (case-insensitively, categories_name_idx) is a unique violation.
-- Params: $1 name, $2 direction.
INSERT INTO categories (name, direction) VALUES ($1, $2) RETURNING *
