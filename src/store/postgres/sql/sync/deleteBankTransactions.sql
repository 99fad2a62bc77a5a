-- deleteBankTransactions: deletes the given transactions unless the run saw them (then 1C still has them).
-- Params: $1 refs (uuid[]), $2 run id.
-- Returns: nothing; the row count is the number deleted.
DELETE FROM bank_transactions WHERE ref = ANY($1::uuid[]) AND seen_run IS DISTINCT FROM $2
