-- listContractors: one page of the counterparties list by name, then ref. The WHERE clause of the optional
-- search goes in the where slot below, built in TS (see contractorWhere).
-- Params: $1 limit, $2 offset, $3 the search's ILIKE pattern when searching.
SELECT * FROM contractors /*where*/ ORDER BY name COLLATE "C", ref LIMIT $1 OFFSET $2
