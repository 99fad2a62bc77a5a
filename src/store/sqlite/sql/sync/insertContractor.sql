-- insertContractor: stores a counterparty not stored yet; a ref already there is left as it is (no change).
-- Params (named, see contractorParams): @ref, @source, @name, @full_name, @inn, @kpp, @person_type,
--   @deletion_mark (0/1), @data_version, @now (ms).
INSERT INTO contractors (ref, source, name, full_name, inn, kpp, person_type, deletion_mark, data_version, synced_at)
  VALUES (@ref, @source, @name, @full_name, @inn, @kpp, @person_type, @deletion_mark, @data_version, @now)
  ON CONFLICT (ref) DO NOTHING
