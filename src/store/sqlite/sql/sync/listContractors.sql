-- listContractors: one page of the counterparties list by name, then ref. The WHERE clause of the optional
-- search goes in the where slot below, built in TS (see contractorWhere).
-- Params (named): @search (case-folded, when searching), @limit, @offset.
SELECT * FROM contractors /*where*/ ORDER BY name, ref LIMIT @limit OFFSET @offset
