-- listBankTransactions: one page of the transactions list with their category names, newest first. The WHERE
-- clause of the list's optional filters goes in the where slot below, built in TS (see bankWhere).
-- Params: $1 limit, $2 offset, $3 … the filters' values, in bankWhere's order.
SELECT t.*, c.name AS category_name FROM bank_transactions t LEFT JOIN categories c ON c.id = t.category_id
  /*where*/
  ORDER BY t.date DESC, t.number COLLATE "C" DESC, t.ref DESC LIMIT $1 OFFSET $2
