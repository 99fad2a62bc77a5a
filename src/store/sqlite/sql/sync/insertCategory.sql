-- insertCategory: a new category.
-- Params (named): @name, @direction.
INSERT INTO categories (name, direction) VALUES (@name, @direction) RETURNING *
