-- bankTransactionsByMonth: the in and out sums (kopecks) of a selection of transactions per month (YYYY-MM).
-- The WHERE clause goes in the where slot below, built in TS (see bankWhere).
-- Params (named): bankWhere's (@dateFrom, @dateTo, @direction, @category, @search, each when filtered on).
SELECT substr(t.date, 1, 7) AS month,
    coalesce(sum(CASE WHEN t.direction = 'in' THEN t.amount_kopecks END), 0) AS k_in,
    coalesce(sum(CASE WHEN t.direction = 'out' THEN t.amount_kopecks END), 0) AS k_out
  FROM bank_transactions t /*where*/ GROUP BY month ORDER BY month
