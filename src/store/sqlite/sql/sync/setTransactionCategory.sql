-- setTransactionCategory: sets (or clears) a transaction's category by hand.
-- Params (named): @ref (lower-case), @category (category id, or null: clears the category and its source).
UPDATE bank_transactions SET category_id = @category,
    category_source = CASE WHEN @category IS NULL THEN NULL ELSE 'manual' END
  WHERE ref = @ref
