-- listUnseenBankTransactions: the stored transactions dated within the period that the run did not see.
-- Params (named): @from, @to (YYYY-MM-DD, inclusive), @run (run id).
-- Returns: ref, doc_type, by ref.
SELECT ref, doc_type FROM bank_transactions
  WHERE date >= @from AND date <= @to AND seen_run IS NOT @run ORDER BY ref
