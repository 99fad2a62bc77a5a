-- bankTransactionsByCategory: the sum (kopecks) and count of a selection of transactions per category and
-- direction, largest first. The WHERE clause goes in the where slot below, built in TS (see bankWhere).
-- Params (named): bankWhere's (@dateFrom, @dateTo, @direction, @category, @search, each when filtered on).
SELECT t.category_id, c.name AS category_name, t.direction, sum(t.amount_kopecks) AS k, count(*) AS n
  FROM bank_transactions t LEFT JOIN categories c ON c.id = t.category_id /*where*/
  GROUP BY t.category_id, c.name, t.direction ORDER BY k DESC
