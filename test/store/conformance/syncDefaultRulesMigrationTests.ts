/**
 * Sync store conformance, part 4: migration 004 brings an installation seeded with the earlier default
 * classification to the current defaults (src/sync/classify/defaultClassification.ts), and leaves a new or a
 * user's own classification alone. The migration is run again after seeding by forgetting that it was applied.
 */
import { expect, it } from 'vitest';
import type { PostgresStorage } from '../../../src/store/index.js';
import type { SqliteStorage } from '../../../src/store/index.js';
import type { ClassificationRule } from '../../../src/sync/index.js';
import type { Storage } from '../../../src/store/index.js';
import type { CurrentStorage } from './harnessTypes.js';

const MIGRATION = 4;

async function rerunMigration(storage: Storage): Promise<void> {
  if (storage.kind === 'sqlite') (storage as SqliteStorage).db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(MIGRATION);
  else await (storage as PostgresStorage).pool.query('DELETE FROM schema_migrations WHERE version = $1', [MIGRATION]);
  await storage.migrate();
}

type Seed = Omit<ClassificationRule, 'id' | 'category_id'>;
const kinds = (operation_kinds: string[], direction: 'in' | 'out' | null = 'out'): Seed => ({
  priority: 10,
  direction,
  operation_kinds,
  keywords: null,
  counterparty_ref: null,
});
const words = (priority: number, keywords: string[], direction: 'in' | 'out' | null = null): Seed => ({
  priority,
  direction,
  operation_kinds: null,
  keywords,
  counterparty_ref: null,
});

// Part of the classification seeded before migration 004, as it was.
const EARLIER_DEFAULTS: [string, 'in' | 'out' | 'any', Seed[]][] = [
  ['Выручка', 'in', [kinds(['ОплатаПокупателя'], 'in')]],
  ['Поставщики', 'out', [kinds(['ОплатаПоставщику'])]],
  ['Аренда', 'out', [words(20, ['аренда', 'арендная плата', 'субаренда'])]],
  ['Зарплата', 'out', [kinds(['ПеречислениеЗП'])]],
  [
    'Налоги и взносы',
    'out',
    [kinds(['ПеречислениеНалога']), words(50, ['налог', 'ндфл', 'ндс', 'страховые взносы', 'взносы', 'пени'], 'out')],
  ],
  ['Кредиты и займы', 'any', [words(50, ['займ', 'заем', 'кредит', 'проценты по договору'])]],
  ['Переводы между счетами', 'any', []],
  ['Прочее', 'any', []],
];

async function seed(storage: Storage, categories: typeof EARLIER_DEFAULTS): Promise<void> {
  for (const [name, direction, rules] of categories) {
    const category = await storage.sync.insertCategory({ name, direction });
    for (const rule of rules) await storage.sync.insertRule({ ...rule, category_id: category.id });
  }
}

/** Rules by category name, without ids. */
async function rulesByCategory(storage: Storage): Promise<Map<string, Seed[]>> {
  const names = new Map((await storage.sync.listCategories()).map((c) => [c.id, c.name]));
  const out = new Map<string, Seed[]>();
  for (const { id: _id, category_id, ...rule } of await storage.sync.listRules()) {
    const name = names.get(category_id)!;
    out.set(name, [...(out.get(name) ?? []), rule]);
  }
  return out;
}

/** Registers the migration tests. */
export function syncDefaultRulesMigrationTests(current: CurrentStorage): void {
  it('migration 004 adds nothing to a new installation (the start-up seed gives it everything)', async () => {
    const storage = current();
    await rerunMigration(storage);
    expect(await storage.sync.listCategories()).toEqual([]);
    expect(await storage.sync.listRules()).toEqual([]);
  });

  it('migration 004 gives an installation seeded earlier the new kinds, rent by kind + keywords and the keyword fixes', async () => {
    const storage = current();
    await seed(storage, EARLIER_DEFAULTS);
    await rerunMigration(storage);
    const categories = await storage.sync.listCategories();
    expect(categories.filter((c) => ['Подотчётные суммы', 'Дивиденды'].includes(c.name)).map((c) => [c.name, c.direction])).toEqual([
      ['Дивиденды', 'out'],
      ['Подотчётные суммы', 'any'],
    ]);
    const rules = await rulesByCategory(storage);
    expect(rules.get('Аренда')).toContainEqual({
      ...kinds(['ОплатаПоставщику', 'ПрочееСписание']),
      keywords: ['аренда', 'арендная плата', 'субаренда'],
    });
    expect(rules.get('Выручка')).toContainEqual(kinds(['ОплатаОтФакторинговойКомпании'], 'in'));
    expect(rules.get('Зарплата')).toContainEqual(kinds(['ПеречислениеЗаработнойПлатыРаботнику', 'ПеречислениеДепонентов']));
    expect(rules.get('Налоги и взносы')).toEqual(
      [
        kinds(['ПеречислениеНалога']),
        kinds(['ПеречислениеНалогаЗаТретьихЛиц']),
        words(50, ['налог', 'ндфл', 'страховые взносы', 'взносы', 'пени'], 'out'),
      ].sort(byPriority),
    );
    expect(rules.get('Кредиты и займы')).toContainEqual(
      kinds(['ВыдачаЗаймаКонтрагенту', 'ВыдачаЗаймаРаботнику', 'ВозвратЗаймаРаботником'], null),
    );
    expect(rules.get('Кредиты и займы')).toContainEqual(words(50, ['займ', 'кредит', 'кредитный договор', 'проценты по договору']));
    expect(rules.get('Переводы между счетами')).toEqual([kinds(['СнятиеНаличных', 'ВзносНаличными'], null)]);
    expect(rules.get('Подотчётные суммы')).toHaveLength(2);
    expect(rules.get('Дивиденды')).toHaveLength(2);
    expect(rules.get('Прочее')).toEqual([words(70, ['штраф', 'обеспечительный платеж', 'проценты на остаток'])]);
  });

  it('migration 004 leaves a classification of the user’s own alone, and rules the user changed', async () => {
    const storage = current();
    await seed(storage, [
      ['Аренда', 'out', [words(20, ['аренда'])]],
      ['Налоги и взносы', 'out', [words(50, ['ндс'])]],
    ]);
    const before = await storage.sync.listRules();
    await rerunMigration(storage);
    expect((await storage.sync.listCategories()).map((c) => c.name)).toEqual(['Аренда', 'Налоги и взносы']);
    expect(await storage.sync.listRules()).toEqual(before);
  });
}

const byPriority = (a: Seed, b: Seed): number => a.priority - b.priority;
