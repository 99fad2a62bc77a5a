/** One classified document: the category it was meant to have and the one it got (null: none). */
export interface ClassifiedPair {
  expected: string;
  actual: string | null;
}

/** How one category fared. */
export interface CategoryScore {
  category: string;
  /** Documents meant to have it. */
  expected: number;
  /** Documents given it. */
  assigned: number;
  /** Documents meant to have it and given it. */
  correct: number;
  /** correct / assigned (0 when never assigned). */
  precision: number;
  /** correct / expected (0 when never expected). */
  recall: number;
}

/** Accuracy of a classification against the truth, overall and per category. */
export interface ClassificationScore {
  total: number;
  correct: number;
  /** correct / total (0 for no document). */
  accuracy: number;
  /** Every category expected or assigned, by name. */
  categories: CategoryScore[];
  /** Categories some document was meant to have that no document was given. */
  unused: string[];
}

/** Scores classified documents against the categories they were meant to have. */
export function scoreClassification(pairs: Iterable<ClassifiedPair>): ClassificationScore {
  const byName = new Map<string, CategoryScore>();
  const score = (category: string): CategoryScore => {
    let s = byName.get(category);
    if (!s) byName.set(category, (s = { category, expected: 0, assigned: 0, correct: 0, precision: 0, recall: 0 }));
    return s;
  };
  let total = 0;
  let correct = 0;
  for (const { expected, actual } of pairs) {
    total++;
    score(expected).expected++;
    if (actual !== null) score(actual).assigned++;
    if (actual === expected) {
      correct++;
      score(expected).correct++;
    }
  }
  const categories = [...byName.values()].sort((a, b) => a.category.localeCompare(b.category, 'ru'));
  for (const s of categories) {
    s.precision = s.assigned === 0 ? 0 : s.correct / s.assigned;
    s.recall = s.expected === 0 ? 0 : s.correct / s.expected;
  }
  const unused = categories.filter((s) => s.expected > 0 && s.assigned === 0).map((s) => s.category);
  return { total, correct, accuracy: total === 0 ? 0 : correct / total, categories, unused };
}
