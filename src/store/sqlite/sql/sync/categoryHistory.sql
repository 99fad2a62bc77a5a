-- categoryHistory: how many stored transactions of each counterparty carry each category.
-- Params: ? JSON array of lower-case counterparty refs.
-- Returns: counterparty_ref, category_id, n.
SELECT counterparty_ref, category_id, count(*) AS n FROM bank_transactions
  WHERE counterparty_ref IN (SELECT value FROM json_each(?)) AND category_id IS NOT NULL
  GROUP BY counterparty_ref, category_id
