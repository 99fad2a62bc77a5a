-- insertContractors: stores the counterparties not stored yet; a ref already there is left as it is.
-- Params: $1 jsonb array of contractor records (one per ref).
-- Returns: nothing; the row count is the number created.
INSERT INTO contractors (ref, source, name, full_name, inn, kpp, person_type, deletion_mark, data_version)
  SELECT x.ref, x.source, x.name, x.full_name, x.inn, x.kpp, x.person_type, x.deletion_mark, x.data_version
  FROM jsonb_to_recordset($1::jsonb) AS x(ref uuid, source text, name text, full_name text, inn text, kpp text,
    person_type text, deletion_mark boolean, data_version text)
  ON CONFLICT (ref) DO NOTHING
