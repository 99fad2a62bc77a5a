-- categoryHistory: how many stored transactions of each counterparty carry each category.
-- Params: $1 counterparty refs (uuid[]).
-- Returns: counterparty_ref, category_id, n.
SELECT counterparty_ref, category_id, count(*)::int AS n FROM bank_transactions
  WHERE counterparty_ref = ANY($1::uuid[]) AND category_id IS NOT NULL
  GROUP BY counterparty_ref, category_id
