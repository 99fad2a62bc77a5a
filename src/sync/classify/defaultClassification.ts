import { CategoryNameTakenError, type ClassificationRule, type SyncStore } from '../syncStore.js';

type RuleSeed = Omit<ClassificationRule, 'id' | 'category_id'>;

/** A rule on operation kinds alone, priority 10. */
function kinds(direction: 'in' | 'out' | null, operationKinds: string[]): RuleSeed {
  return { priority: 10, direction, operation_kinds: operationKinds, keywords: null, counterparty_ref: null };
}

/** A rule on keywords of the purpose alone. */
function words(priority: number, direction: 'in' | 'out' | null, keywords: string[]): RuleSeed {
  return { priority, direction, operation_kinds: null, keywords, counterparty_ref: null };
}

const RENT = ['аренда', 'арендная плата', 'субаренда'];

/**
 * The categories and rules a new installation starts with (editable through the API afterwards); an existing
 * one gets later additions from a migration (migration 004_more_default_rules.sql of both stores). Rules on the 1C
 * operation kind (priority 10) are the accountant's own classification; a rule on a kind *and* keywords is more
 * specific and wins over them (rent paid as «ОплатаПоставщику»); keyword-only rules (priority 20–70) catch what
 * no operation kind settles, e.g. «ПрочееСписание». docs/classification.md explains the order.
 */
export const DEFAULT_CLASSIFICATION: { name: string; direction: 'in' | 'out' | 'any'; rules: RuleSeed[] }[] = [
  {
    name: 'Выручка',
    direction: 'in',
    rules: [
      kinds('in', ['ОплатаПокупателя', 'ПоступленияОтПродажПоПлатежнымКартамИБанковскимКредитам', 'ОплатаОтФакторинговойКомпании']),
      words(60, 'in', ['оплата по счету', 'за товары', 'за услуги', 'реализация']),
    ],
  },
  {
    name: 'Поставщики',
    direction: 'out',
    rules: [kinds('out', ['ОплатаПоставщику']), words(60, 'out', ['оплата по счету', 'за поставку', 'поставка товаров'])],
  },
  {
    name: 'Аренда',
    direction: 'out',
    rules: [{ ...kinds('out', ['ОплатаПоставщику', 'ПрочееСписание']), keywords: RENT }, words(20, null, RENT)],
  },
  {
    name: 'Зарплата',
    direction: 'out',
    rules: [
      kinds('out', ['ПеречислениеЗП', 'ПеречислениеЗаработнойПлатыРаботнику', 'ПеречислениеДепонентов']),
      words(50, 'out', ['заработная плата', 'зарплата', 'аванс за', 'отпускные']),
    ],
  },
  {
    name: 'Налоги и взносы',
    direction: 'out',
    // No «ндс»: nearly every payment order says «НДС не облагается» or «В т.ч. НДС», which names no tax payment.
    rules: [
      kinds('out', ['ПеречислениеНалога', 'ПеречислениеНалогаЗаТретьихЛиц']),
      words(50, 'out', ['налог', 'ндфл', 'страховые взносы', 'взносы', 'пени']),
    ],
  },
  {
    name: 'Банковские комиссии',
    direction: 'out',
    rules: [kinds('out', ['КомиссияБанка']), words(40, 'out', ['комиссия', 'ведение счета', 'обслуживание счета'])],
  },
  {
    name: 'Кредиты и займы',
    direction: 'any',
    rules: [
      kinds(null, [
        'РасчетыПоКредитамИЗаймам',
        'ПолучениеЗайма',
        'ПолучениеКредита',
        'ВозвратЗайма',
        'ВозвратКредита',
        'ВозвратЗаймаКонтрагентом',
        'ВыдачаЗаймаКонтрагенту',
        'ВыдачаЗаймаРаботнику',
        'ВозвратЗаймаРаботником',
      ]),
      // No «заем»: the stemmer folds it to «за», which half of all purposes contain.
      words(50, null, ['займ', 'кредит', 'кредитный договор', 'проценты по договору']),
    ],
  },
  {
    name: 'Переводы между счетами',
    direction: 'any',
    // Cash taken from or paid into the account moves own money between accounts 51 and 50 («Касса»).
    rules: [
      kinds(null, ['ПереводСДругогоСчета', 'ПереводНаДругойСчет', 'СнятиеНаличных', 'ВзносНаличными']),
      words(50, null, ['перевод собственных средств', 'между своими счетами']),
    ],
  },
  {
    name: 'Возвраты',
    direction: 'any',
    rules: [kinds(null, ['ВозвратОтПоставщика', 'ВозвратПокупателю', 'ВозвратНалога'])],
  },
  {
    name: 'Подотчётные суммы',
    direction: 'any',
    rules: [kinds(null, ['ПеречислениеПодотчетномуЛицу', 'ВозвратОтПодотчетногоЛица']), words(50, null, ['подотчет', 'под отчет'])],
  },
  {
    name: 'Дивиденды',
    direction: 'out',
    rules: [kinds('out', ['ПеречислениеДивидендов']), words(50, 'out', ['дивиденды'])],
  },
  { name: 'Прочее', direction: 'any', rules: [words(70, null, ['штраф', 'обеспечительный платеж', 'проценты на остаток'])] },
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
