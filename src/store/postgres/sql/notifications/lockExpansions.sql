-- lockExpansions: serializes expansions (of every node) until the transaction ends, so flood windows are decided
-- in event order; the key is the notifications channel's name (one per schema).
-- Params: $1 the channel.
SELECT pg_advisory_xact_lock(hashtext($1))
