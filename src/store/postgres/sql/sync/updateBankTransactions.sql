-- updateBankTransactions: rewrites the stored transactions of a batch whose data_version differs and marks them
-- seen by the run. A manual category is kept; otherwise the record's rule category (or none) replaces the stored one.
-- Params: $1 jsonb array of bank transaction records (one per ref), $2 run id.
-- Returns: category_id of each updated row.
UPDATE bank_transactions t SET direction = x.direction, doc_type = x.doc_type, number = x.number,
    date = x.date, amount_kopecks = x.amount_kopecks, currency_code = x.currency_code,
    counterparty_ref = x.counterparty_ref, counterparty_type = x.counterparty_type,
    counterparty_name = x.counterparty_name, purpose = x.purpose, operation_kind = x.operation_kind,
    posted = x.posted, data_version = x.data_version,
    category_id = CASE WHEN t.category_source = 'manual' THEN t.category_id ELSE x.category_id END,
    category_source = CASE WHEN t.category_source = 'manual' THEN 'manual' WHEN x.category_id IS NULL THEN NULL ELSE 'rule' END,
    seen_run = $2, synced_at = now()
  FROM jsonb_to_recordset($1::jsonb) AS x(ref uuid, direction text, doc_type text, number text, date date,
    amount_kopecks bigint, currency_code text, counterparty_ref uuid, counterparty_type text, counterparty_name text,
    purpose text, operation_kind text, posted boolean, data_version text, category_id int)
  WHERE t.ref = x.ref AND t.data_version <> x.data_version
  RETURNING t.category_id
