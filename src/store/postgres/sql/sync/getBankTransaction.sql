-- getBankTransaction: one transaction with its category name.
-- Params: $1 ref.
SELECT t.*, c.name AS category_name FROM bank_transactions t LEFT JOIN categories c ON c.id = t.category_id
  WHERE t.ref = $1
