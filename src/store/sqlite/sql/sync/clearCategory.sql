-- clearCategory: takes a category off every transaction that carries it, its source with it. Done by hand
-- rather than by ON DELETE SET NULL, which would leave the category_source behind.
-- Params: ? category id.
UPDATE bank_transactions SET category_id = NULL, category_source = NULL WHERE category_id = ?
