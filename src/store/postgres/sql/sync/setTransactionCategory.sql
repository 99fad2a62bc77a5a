-- setTransactionCategory: sets (or clears) a transaction's category by hand.
-- Params: $1 ref, $2 category id or null (null clears the category and its source).
-- Returns: the updated row with its category name; no row when the ref is not stored.
WITH u AS (
    UPDATE bank_transactions SET category_id = $2, category_source = CASE WHEN $2::int IS NULL THEN NULL ELSE 'manual' END
    WHERE ref = $1 RETURNING *)
  SELECT u.*, c.name AS category_name FROM u LEFT JOIN categories c ON c.id = u.category_id
