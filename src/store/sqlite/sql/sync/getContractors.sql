-- getContractors: the stored counterparties among the given refs.
-- Params: ? JSON array of lower-case refs.
SELECT * FROM contractors WHERE ref IN (SELECT value FROM json_each(?))
