-- countContractors: the number of counterparties the list selects. The WHERE clause of the optional search
-- goes in the where slot below, built in TS (see contractorWhere).
-- Params (named): @search (case-folded, when searching).
SELECT count(*) FROM contractors /*where*/
