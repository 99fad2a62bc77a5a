-- insertRule: a new classification rule.
-- Params: $1 category_id, $2 priority, $3 direction, $4 operation_kinds (JSON text or null), $5 keywords
--   (JSON text or null), $6 counterparty_ref.
INSERT INTO classification_rules (category_id, priority, direction, operation_kinds, keywords, counterparty_ref)
  VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6) RETURNING *
