-- bankTransactionTotals: the count and the in and out sums (kopecks) of the whole selection of the
-- transactions list. The WHERE clause goes in the where slot below, built in TS (see bankWhere).
-- Params: $1 … the filters' values, in bankWhere's order.
SELECT count(*)::int AS total,
    coalesce(sum(t.amount_kopecks) FILTER (WHERE t.direction = 'in'), 0)::bigint AS sum_in,
    coalesce(sum(t.amount_kopecks) FILTER (WHERE t.direction = 'out'), 0)::bigint AS sum_out
  FROM bank_transactions t /*where*/
