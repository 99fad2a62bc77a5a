-- updateContractor: rewrites a stored counterparty when its data_version differs (same version: untouched).
-- Params (named, see contractorParams): @ref, @source, @name, @full_name, @inn, @kpp, @person_type,
--   @deletion_mark (0/1), @data_version, @now (ms).
UPDATE contractors SET source = @source, name = @name, full_name = @full_name, inn = @inn, kpp = @kpp,
    person_type = @person_type, deletion_mark = @deletion_mark, data_version = @data_version, synced_at = @now
  WHERE ref = @ref AND data_version <> @data_version
