-- insertBankTransaction: stores a transaction not stored yet, seen by the run, with the record's rule category
-- (or none); a ref already there is left as it is (no row back).
-- Params (named, see bankParams): @ref, @direction, @doc_type, @number, @date, @amount_kopecks, @currency_code,
--   @counterparty_ref, @counterparty_type, @counterparty_name, @purpose, @operation_kind, @posted (0/1),
--   @data_version, @category_id, @run (run id), @now (ms).
-- Returns: category_id, when the row was created.
INSERT INTO bank_transactions (ref, direction, doc_type, number, date,
    amount_kopecks, currency_code, counterparty_ref, counterparty_type, counterparty_name, purpose, operation_kind,
    posted, data_version, category_id, category_source, seen_run, synced_at)
  VALUES (@ref, @direction, @doc_type, @number, @date, @amount_kopecks, @currency_code, @counterparty_ref,
    @counterparty_type, @counterparty_name, @purpose, @operation_kind, @posted, @data_version, @category_id,
    CASE WHEN @category_id IS NULL THEN NULL ELSE 'rule' END, @run, @now)
  ON CONFLICT (ref) DO NOTHING RETURNING category_id
