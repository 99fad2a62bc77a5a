-- listBankTransactions: one page of the transactions list with their category names, newest first. The WHERE
-- clause of the list's optional filters goes in the where slot below, built in TS (see bankWhere).
-- Params (named): bankWhere's (@dateFrom, @dateTo, @direction, @category, @search, each when filtered on),
--   @limit, @offset.
SELECT t.*, c.name AS category_name FROM bank_transactions t LEFT JOIN categories c ON c.id = t.category_id
  /*where*/
  ORDER BY t.date DESC, t.number DESC, t.ref DESC LIMIT @limit OFFSET @offset
