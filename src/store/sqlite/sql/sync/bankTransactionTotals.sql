-- bankTransactionTotals: the count and the in and out sums (kopecks) of the whole selection of the
-- transactions list. The WHERE clause goes in the where slot below, built in TS (see bankWhere).
-- Params (named): bankWhere's (@dateFrom, @dateTo, @direction, @category, @search, each when filtered on).
SELECT count(*) AS total,
    coalesce(sum(CASE WHEN t.direction = 'in' THEN t.amount_kopecks END), 0) AS sum_in,
    coalesce(sum(CASE WHEN t.direction = 'out' THEN t.amount_kopecks END), 0) AS sum_out
  FROM bank_transactions t /*where*/
