-- getContractors: the stored counterparties among the given refs.
-- Params: $1 refs (uuid[]).
SELECT * FROM contractors WHERE ref = ANY($1::uuid[])
