-- markBankTransactionSeen: marks a stored transaction seen by the run (one skipped for its same data_version).
-- Params (named, the bank write's; these two used): @ref, @run (run id).
UPDATE bank_transactions SET seen_run = @run WHERE ref = @ref
