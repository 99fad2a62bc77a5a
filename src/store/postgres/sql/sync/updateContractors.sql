-- updateContractors: rewrites the stored counterparties of a batch whose data_version differs (same version: untouched).
-- Params: $1 jsonb array of contractor records (one per ref).
-- Returns: nothing; the row count is the number updated.
UPDATE contractors t SET source = x.source, name = x.name, full_name = x.full_name, inn = x.inn,
    kpp = x.kpp, person_type = x.person_type, deletion_mark = x.deletion_mark, data_version = x.data_version,
    synced_at = now()
  FROM jsonb_to_recordset($1::jsonb) AS x(ref uuid, source text, name text, full_name text, inn text, kpp text,
    person_type text, deletion_mark boolean, data_version text)
  WHERE t.ref = x.ref AND t.data_version <> x.data_version
