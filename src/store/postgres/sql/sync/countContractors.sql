-- countContractors: the number of counterparties the list selects. The WHERE clause of the optional search
-- goes in the where slot below, built in TS (see contractorWhere).
-- Params: $1 the search's ILIKE pattern when searching.
SELECT count(*)::int AS n FROM contractors /*where*/
