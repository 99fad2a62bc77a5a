import { describe, expect, it } from 'vitest';
import { scoreClassification } from './scoreClassification.js';

describe('scoreClassification', () => {
  it('gives accuracy, per-category precision and recall, and the expected categories never assigned', () => {
    const score = scoreClassification([
      { expected: 'Аренда', actual: 'Аренда' },
      { expected: 'Аренда', actual: 'Поставщики' },
      { expected: 'Поставщики', actual: 'Поставщики' },
      { expected: 'Прочее', actual: null },
    ]);
    expect(score).toMatchObject({ total: 4, correct: 2, accuracy: 0.5, unused: ['Прочее'] });
    expect(score.categories).toEqual([
      { category: 'Аренда', expected: 2, assigned: 1, correct: 1, precision: 1, recall: 0.5 },
      { category: 'Поставщики', expected: 1, assigned: 2, correct: 1, precision: 0.5, recall: 1 },
      { category: 'Прочее', expected: 1, assigned: 0, correct: 0, precision: 0, recall: 0 },
    ]);
  });

  it('scores nothing as zero', () => {
    expect(scoreClassification([])).toEqual({ total: 0, correct: 0, accuracy: 0, categories: [], unused: [] });
  });
});
