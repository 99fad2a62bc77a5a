-- listUnseenBankTransactions: the stored transactions dated within the period that the run did not see.
-- Params: $1 date from, $2 date to (YYYY-MM-DD, inclusive), $3 run id.
-- Returns: ref, doc_type, by ref.
SELECT ref::text AS ref, doc_type FROM bank_transactions
  WHERE date >= $1::date AND date <= $2::date AND seen_run IS DISTINCT FROM $3 ORDER BY ref
