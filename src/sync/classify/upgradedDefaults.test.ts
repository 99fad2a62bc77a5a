import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDataset, ONEC_SETS } from '../../onec/index.js';
import { type SqliteStorage, openSqlite } from '../../store/index.js';
import type { ClassificationRule } from '../syncStore.js';
import { Classifier } from './classifier.js';
import { seedDefaultClassification } from './defaultClassification.js';

type Seed = Omit<ClassificationRule, 'id' | 'category_id'>;
const rule = (priority: number, direction: 'in' | 'out' | null, operation_kinds: string[] | null, keywords: string[] | null): Seed => ({
  priority,
  direction,
  operation_kinds,
  keywords,
  counterparty_ref: null,
});

// The default classification as installations were seeded before migration 004.
const EARLIER: [string, 'in' | 'out' | 'any', Seed[]][] = [
  [
    'Выручка',
    'in',
    [
      rule(10, 'in', ['ОплатаПокупателя', 'ПоступленияОтПродажПоПлатежнымКартамИБанковскимКредитам'], null),
      rule(60, 'in', null, ['оплата по счету', 'за товары', 'за услуги', 'реализация']),
    ],
  ],
  [
    'Поставщики',
    'out',
    [rule(10, 'out', ['ОплатаПоставщику'], null), rule(60, 'out', null, ['оплата по счету', 'за поставку', 'поставка товаров'])],
  ],
  ['Аренда', 'out', [rule(20, null, null, ['аренда', 'арендная плата', 'субаренда'])]],
  [
    'Зарплата',
    'out',
    [rule(10, 'out', ['ПеречислениеЗП'], null), rule(50, 'out', null, ['заработная плата', 'зарплата', 'аванс за', 'отпускные'])],
  ],
  [
    'Налоги и взносы',
    'out',
    [rule(10, 'out', ['ПеречислениеНалога'], null), rule(50, 'out', null, ['налог', 'ндфл', 'ндс', 'страховые взносы', 'взносы', 'пени'])],
  ],
  [
    'Банковские комиссии',
    'out',
    [rule(10, 'out', ['КомиссияБанка'], null), rule(40, 'out', null, ['комиссия', 'ведение счета', 'обслуживание счета'])],
  ],
  [
    'Кредиты и займы',
    'any',
    [
      rule(
        10,
        null,
        ['РасчетыПоКредитамИЗаймам', 'ПолучениеЗайма', 'ПолучениеКредита', 'ВозвратЗайма', 'ВозвратКредита', 'ВозвратЗаймаКонтрагентом'],
        null,
      ),
      rule(50, null, null, ['займ', 'заем', 'кредит', 'проценты по договору']),
    ],
  ],
  [
    'Переводы между счетами',
    'any',
    [
      rule(10, null, ['ПереводСДругогоСчета', 'ПереводНаДругойСчет'], null),
      rule(50, null, null, ['перевод собственных средств', 'между своими счетами']),
    ],
  ],
  ['Возвраты', 'any', [rule(10, null, ['ВозвратОтПоставщика', 'ВозвратПокупателю', 'ВозвратНалога'], null)]],
  ['Прочее', 'any', []],
];

/** A classifier over a store's rules that answers category names. */
async function namedClassifier(storage: SqliteStorage): Promise<(direction: 'in' | 'out', kind: string, purpose: string) => string | null> {
  const names = new Map((await storage.sync.listCategories()).map((c) => [c.id, c.name]));
  const classifier = new Classifier(await storage.sync.listRules());
  return (direction, operation_kind, purpose) => {
    const id = classifier.classify({ direction, operation_kind, purpose, counterparty_ref: null });
    return id === null ? null : names.get(id)!;
  };
}

describe('an installation seeded with the earlier defaults, after migration 004', () => {
  let dir: string;
  let upgraded: SqliteStorage;
  let fresh: SqliteStorage;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taskcast-upgrade-'));
    upgraded = openSqlite({ file: join(dir, 'upgraded.db') });
    fresh = openSqlite({ file: join(dir, 'fresh.db') });
    await upgraded.migrate();
    await fresh.migrate();
  });
  afterEach(async () => {
    await upgraded.close();
    await fresh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('classifies every generated document as a new installation does', async () => {
    for (const [name, direction, rules] of EARLIER) {
      const category = await upgraded.sync.insertCategory({ name, direction });
      for (const r of rules) await upgraded.sync.insertRule({ ...r, category_id: category.id });
    }
    upgraded.db.prepare('DELETE FROM schema_migrations WHERE version = 4').run();
    await upgraded.migrate();
    expect(await seedDefaultClassification(fresh.sync)).toBe(true);
    const [before, after] = [await namedClassifier(upgraded), await namedClassifier(fresh)];
    expect((await upgraded.sync.listCategories()).map((c) => c.name)).toEqual((await fresh.sync.listCategories()).map((c) => c.name));

    const dataset = generateDataset({ seed: 11, contractors: 60, documents: 3000, from: '2025-01-01', to: '2025-12-31' });
    const differ: string[] = [];
    for (const [set, direction] of [
      [ONEC_SETS.incomingPayments, 'in'],
      [ONEC_SETS.outgoingPayments, 'out'],
    ] as const) {
      for (const d of dataset.records[set]) {
        const [kind, purpose] = [String(d.ВидОперации), String(d.НазначениеПлатежа)];
        if (before(direction, kind, purpose) !== after(direction, kind, purpose)) differ.push(`${kind}: ${purpose}`);
      }
    }
    expect(differ).toEqual([]);
  });
});
