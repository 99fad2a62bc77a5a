-- insertRule: a new classification rule.
-- Params (named, see ruleParams): @category_id, @priority, @direction, @operation_kinds (JSON text or null),
--   @keywords (JSON text or null), @counterparty_ref (lower-case or null).
INSERT INTO classification_rules (category_id, priority, direction, operation_kinds, keywords,
    counterparty_ref)
  VALUES (@category_id, @priority, @direction, @operation_kinds, @keywords, @counterparty_ref) RETURNING *
