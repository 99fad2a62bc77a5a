-- markBankTransactionsSeen: marks the transactions of a batch seen by the run. Rows just created or updated
-- already carry the run: this marks the skipped ones (same data_version).
-- Params: $1 refs (uuid[]), $2 run id.
UPDATE bank_transactions SET seen_run = $2 WHERE ref = ANY($1::uuid[]) AND seen_run IS DISTINCT FROM $2
