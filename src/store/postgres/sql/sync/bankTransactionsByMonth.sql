-- bankTransactionsByMonth: the in and out sums (kopecks) of a selection of transactions per month (YYYY-MM).
-- The WHERE clause goes in the where slot below, built in TS (see bankWhere).
-- Params: $1 … the filters' values, in bankWhere's order.
SELECT to_char(t.date, 'YYYY-MM') AS month,
    coalesce(sum(t.amount_kopecks) FILTER (WHERE t.direction = 'in'), 0)::bigint AS k_in,
    coalesce(sum(t.amount_kopecks) FILTER (WHERE t.direction = 'out'), 0)::bigint AS k_out
  FROM bank_transactions t /*where*/ GROUP BY month ORDER BY month
