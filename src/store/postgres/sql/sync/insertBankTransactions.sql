-- insertBankTransactions: stores the transactions of a batch not stored yet, seen by the run, with the record's
-- rule category (or none); a ref already there is left as it is.
-- Params: $1 jsonb array of bank transaction records (one per ref), $2 run id.
-- Returns: category_id of each created row.
INSERT INTO bank_transactions (ref, direction, doc_type, number, date, amount_kopecks, currency_code,
    counterparty_ref, counterparty_type, counterparty_name, purpose, operation_kind, posted, data_version,
    category_id, category_source, seen_run)
  SELECT x.ref, x.direction, x.doc_type, x.number, x.date, x.amount_kopecks, x.currency_code, x.counterparty_ref,
    x.counterparty_type, x.counterparty_name, x.purpose, x.operation_kind, x.posted, x.data_version, x.category_id,
    CASE WHEN x.category_id IS NULL THEN NULL ELSE 'rule' END, $2
  FROM jsonb_to_recordset($1::jsonb) AS x(ref uuid, direction text, doc_type text, number text, date date,
    amount_kopecks bigint, currency_code text, counterparty_ref uuid, counterparty_type text, counterparty_name text,
    purpose text, operation_kind text, posted boolean, data_version text, category_id int)
  ON CONFLICT (ref) DO NOTHING
  RETURNING category_id
