-- deleteBankTransactions: deletes the given transactions unless the run saw them (then 1C still has them).
-- Params (named): @refs (JSON array of lower-case refs), @run (run id).
DELETE FROM bank_transactions WHERE ref IN (SELECT value FROM json_each(@refs)) AND seen_run IS NOT @run
