import { CategoryNameTakenError, type ClassificationRule, type SyncStore } from '../../store/index.js';

type RuleSeed = Omit<ClassificationRule, 'id' | 'category_id'>;

/**
 * The categories and rules a new installation starts with (editable through the API afterwards). Rules
 * on the 1C operation kind come first (priority 10): they are the accountant's own classification;
 * keyword rules (priority 50) catch what the operation kind leaves open, e.g. «ПрочееСписание» for rent.
 */
export const DEFAULT_CLASSIFICATION: { name: string; direction: 'in' | 'out' | 'any'; rules: RuleSeed[] }[] = [
  {
    name: 'Выручка',
    direction: 'in',
    rules: [
      { priority: 10, direction: 'in', operation_kinds: ['ОплатаПокупателя', 'ПоступленияОтПродажПоПлатежнымКартамИБанковскимКредитам'], keywords: null, counterparty_ref: null },
      { priority: 60, direction: 'in', operation_kinds: null, keywords: ['оплата по счету', 'за товары', 'за услуги', 'реализация'], counterparty_ref: null },
    ],
  },
  {
    name: 'Поставщики',
    direction: 'out',
    rules: [
      { priority: 10, direction: 'out', operation_kinds: ['ОплатаПоставщику'], keywords: null, counterparty_ref: null },
      { priority: 60, direction: 'out', operation_kinds: null, keywords: ['оплата по счету', 'за поставку', 'поставка товаров'], counterparty_ref: null },
    ],
  },
  {
    name: 'Аренда',
    direction: 'out',
    rules: [{ priority: 20, direction: null, operation_kinds: null, keywords: ['аренда', 'арендная плата', 'субаренда'], counterparty_ref: null }],
  },
  {
    name: 'Зарплата',
    direction: 'out',
    rules: [
      { priority: 10, direction: 'out', operation_kinds: ['ПеречислениеЗП'], keywords: null, counterparty_ref: null },
      { priority: 50, direction: 'out', operation_kinds: null, keywords: ['заработная плата', 'зарплата', 'аванс за', 'отпускные'], counterparty_ref: null },
    ],
  },
  {
    name: 'Налоги и взносы',
    direction: 'out',
    rules: [
      { priority: 10, direction: 'out', operation_kinds: ['ПеречислениеНалога'], keywords: null, counterparty_ref: null },
      { priority: 50, direction: 'out', operation_kinds: null, keywords: ['налог', 'ндфл', 'ндс', 'страховые взносы', 'взносы', 'пени'], counterparty_ref: null },
    ],
  },
  {
    name: 'Банковские комиссии',
    direction: 'out',
    rules: [
      { priority: 10, direction: 'out', operation_kinds: ['КомиссияБанка'], keywords: null, counterparty_ref: null },
      { priority: 40, direction: 'out', operation_kinds: null, keywords: ['комиссия', 'ведение счета', 'обслуживание счета'], counterparty_ref: null },
    ],
  },
  {
    name: 'Кредиты и займы',
    direction: 'any',
    rules: [
      {
        priority: 10,
        direction: null,
        operation_kinds: ['РасчетыПоКредитамИЗаймам', 'ПолучениеЗайма', 'ПолучениеКредита', 'ВозвратЗайма', 'ВозвратКредита', 'ВозвратЗаймаКонтрагентом'],
        keywords: null,
        counterparty_ref: null,
      },
      { priority: 50, direction: null, operation_kinds: null, keywords: ['займ', 'заем', 'кредит', 'проценты по договору'], counterparty_ref: null },
    ],
  },
  {
    name: 'Переводы между счетами',
    direction: 'any',
    rules: [
      { priority: 10, direction: null, operation_kinds: ['ПереводСДругогоСчета', 'ПереводНаДругойСчет'], keywords: null, counterparty_ref: null },
      { priority: 50, direction: null, operation_kinds: null, keywords: ['перевод собственных средств', 'между своими счетами'], counterparty_ref: null },
    ],
  },
  {
    name: 'Возвраты',
    direction: 'any',
    rules: [{ priority: 10, direction: null, operation_kinds: ['ВозвратОтПоставщика', 'ВозвратПокупателю', 'ВозвратНалога'], keywords: null, counterparty_ref: null }],
  },
  { name: 'Прочее', direction: 'any', rules: [] },
];

/** Creates the default categories and rules when the installation has no category at all. */
export async function seedDefaultClassification(store: SyncStore): Promise<boolean> {
  if ((await store.listCategories()).length > 0) return false;
  for (const c of DEFAULT_CLASSIFICATION) {
    let category;
    try {
      category = await store.insertCategory({ name: c.name, direction: c.direction });
    } catch (err) {
      // Another node starting at the same moment is seeding: it creates the rest.
      if (err instanceof CategoryNameTakenError) return false;
      throw err;
    }
    for (const r of c.rules) await store.insertRule({ ...r, category_id: category.id });
  }
  return true;
}
