import { describe, expect, it } from 'vitest';
import { CATEGORY, generateDataset, ONEC_SETS } from '../../onec/index.js';
import type { ClassificationRule } from '../syncStore.js';
import { Classifier } from './classifier.js';
import { DEFAULT_CLASSIFICATION } from './defaultClassification.js';
import { scoreClassification } from './scoreClassification.js';

// The default rules with the ids the seed would give them: category i has id i + 1.
const rules: ClassificationRule[] = DEFAULT_CLASSIFICATION.flatMap((c, i) => c.rules.map((r) => ({ ...r, category_id: i + 1, id: 0 }))).map(
  (r, i) => ({ ...r, id: i + 1 }),
);
const classifier = new Classifier(rules);
const categoryOf = (direction: 'in' | 'out', operation_kind: string, purpose: string): string | null => {
  const id = classifier.classify({ direction, operation_kind, purpose, counterparty_ref: null });
  return id === null ? null : DEFAULT_CLASSIFICATION[id - 1]!.name;
};

describe('default classification', () => {
  it('has every category the simulator means its documents to have, and no other', () => {
    expect(DEFAULT_CLASSIFICATION.map((c) => c.name).sort()).toEqual(Object.values(CATEGORY).sort());
  });

  it('puts rent paid as ОплатаПоставщику or ПрочееСписание in «Аренда», other supplier payments in «Поставщики»', () => {
    expect(categoryOf('out', 'ОплатаПоставщику', 'Арендная плата за март 2025 по договору № 4/24')).toBe('Аренда');
    expect(categoryOf('out', 'ОплатаПоставщику', 'Оплата по договору субаренды № 4/24 за март 2025')).toBe('Аренда');
    expect(categoryOf('out', 'ПрочееСписание', 'Арендная плата за март 2025 за парковочное место')).toBe('Аренда');
    expect(
      categoryOf('out', 'ОплатаПоставщику', 'Оплата по счету № 12 от 01.03.2025 за поставку товаров. В т.ч. НДС (20%) 100,00 руб.'),
    ).toBe('Поставщики');
  });

  it('gives every operation kind of BP 3.0 the rules did not know its category', () => {
    const cases: [direction: 'in' | 'out', kind: string, category: string][] = [
      ['out', 'ПеречислениеЗаработнойПлатыРаботнику', 'Зарплата'],
      ['out', 'ПеречислениеДепонентов', 'Зарплата'],
      ['out', 'ПеречислениеНалогаЗаТретьихЛиц', 'Налоги и взносы'],
      ['out', 'ВыдачаЗаймаКонтрагенту', 'Кредиты и займы'],
      ['out', 'ВыдачаЗаймаРаботнику', 'Кредиты и займы'],
      ['in', 'ВозвратЗаймаРаботником', 'Кредиты и займы'],
      ['in', 'ОплатаОтФакторинговойКомпании', 'Выручка'],
    ];
    // The purpose says nothing: the operation kind alone decides.
    for (const [direction, kind, category] of cases) expect(categoryOf(direction, kind, 'Без назначения'), kind).toBe(category);
  });

  it('does not read «НДС не облагается» as a tax payment nor «за» as a loan', () => {
    expect(categoryOf('out', 'ПрочееСписание', 'Оплата штрафа по постановлению № 5 от 01.03.2025. НДС не облагается')).toBe('Прочее');
    expect(categoryOf('in', 'ПрочееПоступление', 'Начисленные проценты на остаток по счету за март 2025. НДС не облагается')).toBe(
      'Прочее',
    );
  });

  it('classifies ≥ 95 % of a generated year right and uses every category the data has', () => {
    const dataset = generateDataset({ seed: 3, contractors: 100, documents: 3000, from: '2025-01-01', to: '2025-12-31' });
    const pairs = [
      ...dataset.records[ONEC_SETS.incomingPayments].map((d) => ({ d, direction: 'in' as const })),
      ...dataset.records[ONEC_SETS.outgoingPayments].map((d) => ({ d, direction: 'out' as const })),
    ].map(({ d, direction }) => ({
      expected: dataset.expectedCategories.get(String(d.Ref_Key))!,
      actual: categoryOf(direction, String(d.ВидОперации), String(d.НазначениеПлатежа)),
    }));
    const score = scoreClassification(pairs);
    expect(score.total).toBe(3000);
    expect(score.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(score.unused).toEqual([]);
    expect(score.categories.map((c) => c.category).sort()).toEqual(Object.values(CATEGORY).sort());
  });
});
