-- updateBankTransaction: rewrites a stored transaction when its data_version differs and marks it seen by the run.
-- A manual category is kept; otherwise the record's rule category (or none) replaces the stored one.
-- Params (named, see bankParams): @ref, @direction, @doc_type, @number, @date, @amount_kopecks, @currency_code,
--   @counterparty_ref, @counterparty_type, @counterparty_name, @purpose, @operation_kind, @posted (0/1),
--   @data_version, @category_id, @run (run id), @now (ms).
-- Returns: category_id, when the row was updated.
UPDATE bank_transactions SET direction = @direction, doc_type = @doc_type,
    number = @number, date = @date, amount_kopecks = @amount_kopecks, currency_code = @currency_code,
    counterparty_ref = @counterparty_ref, counterparty_type = @counterparty_type, counterparty_name = @counterparty_name,
    purpose = @purpose, operation_kind = @operation_kind, posted = @posted, data_version = @data_version,
    category_id = CASE WHEN category_source = 'manual' THEN category_id ELSE @category_id END,
    category_source = CASE WHEN category_source = 'manual' THEN 'manual' WHEN @category_id IS NULL THEN NULL ELSE 'rule' END,
    seen_run = @run, synced_at = @now
  WHERE ref = @ref AND data_version <> @data_version RETURNING category_id
