// Payment purposes (НазначениеПлатежа) in the style of real Russian payment orders, one template family per
// operation kind, so generated data reads like a real bank statement. A template whose variants mean different
// things (rent paid as ОплатаПоставщику) also says which category the variant it chose is meant to have.
import type { ExpectedCategory } from './expectedCategories.js';
import { CATEGORY as C } from './expectedCategories.js';
import type { Calendar, CalendarDay } from './calendar.js';
import { monthText, moneyText, previousMonthText, previousQuarterText, russianDate } from './calendar.js';
import type { SeededRandom } from './SeededRandom.js';

/** What a purpose template may mention. */
export interface PurposeContext {
  random: SeededRandom;
  /** Calendar of the period, to name earlier days. */
  calendar: Calendar;
  /** Day of the document. */
  day: CalendarDay;
  /** VAT rate in percent, null when the operation bears no VAT. */
  vatRate: number | null;
  /** VAT included in the amount. */
  vatAmount: number;
  /** "№ 15/24 от 10.01.2024", '' when there is no contract. */
  contract: string;
  /** "Иванов С.П." for payments to a person, '' otherwise. */
  personShortName: string;
  /** The organisation's other account (for transfers between own accounts). */
  ownAccount: string;
}

/** A purpose text with the category it is meant to have, when that differs from its operation kind's. */
export interface CategorizedPurpose {
  text: string;
  category: ExpectedCategory;
}

/** Builds a purpose text (its operation kind's category applies) or a categorized one. */
export type PurposeTemplate = (ctx: PurposeContext) => string | CategorizedPurpose;

/** Picks one of `variants`, each a category and the text it builds. */
function pickVariant(ctx: PurposeContext, variants: readonly [ExpectedCategory, () => string][]): CategorizedPurpose {
  const [category, text] = ctx.random.pick(variants);
  return { text: text(), category };
}

// The longest purpose 1C accepts in a payment order.
const MAX_PURPOSE_LENGTH = 210;

function vatText(ctx: PurposeContext): string {
  return ctx.vatRate === null ? 'НДС не облагается' : `В т.ч. НДС (${ctx.vatRate}%) ${moneyText(ctx.vatAmount)} руб.`;
}

function invoice(ctx: PurposeContext): string {
  return `№ ${ctx.random.int(1, 2999)} от ${russianDate(ctx.calendar.shift(ctx.day, -ctx.random.int(1, 30)))}`;
}

function contractText(ctx: PurposeContext): string {
  return ctx.contract ? `по договору ${ctx.contract}` : 'без договора';
}

/** Joins sentences with ". " and cuts the text to the 210 characters 1C allows. */
export function finishPurpose(parts: readonly string[]): string {
  // join() also flattens the pieces into one string, which keeps 100 000 purposes compact in memory.
  const text = parts.filter((part) => part !== '').join('. ');
  return text.length > MAX_PURPOSE_LENGTH ? text.slice(0, MAX_PURPOSE_LENGTH) : text;
}

/** Templates per operation kind (ВидОперации). */
export const PURPOSES: Readonly<Record<string, PurposeTemplate>> = {
  ОплатаПокупателя: (ctx) =>
    finishPurpose([
      ctx.random.pick([
        `Оплата по счету ${invoice(ctx)} за поставку товаров`,
        `Оплата по счету ${invoice(ctx)} за оказанные услуги`,
        `Оплата ${contractText(ctx)} за выполненные работы по акту ${invoice(ctx)}`,
        `Предоплата по счету ${invoice(ctx)} за товары`,
      ]),
      vatText(ctx),
    ]),
  ОплатаПоставщику: (ctx) =>
    pickVariant(ctx, [
      [C.suppliers, () => finishPurpose([`Оплата по счету ${invoice(ctx)} за поставку товаров`, vatText(ctx)])],
      [C.rent, () => finishPurpose([`Арендная плата за ${monthText(ctx.day)} ${contractText(ctx)}`, vatText(ctx)])],
      [C.suppliers, () => finishPurpose([`Оплата услуг связи за ${previousMonthText(ctx.day)} по счету ${invoice(ctx)}`, vatText(ctx)])],
      [C.suppliers, () => finishPurpose([`Оплата по счету ${invoice(ctx)} за транспортные услуги`, vatText(ctx)])],
      [C.suppliers, () => finishPurpose([`Оплата за электроэнергию за ${previousMonthText(ctx.day)} ${contractText(ctx)}`, vatText(ctx)])],
      [C.suppliers, () => finishPurpose([`Оплата по счету ${invoice(ctx)} за канцелярские товары`, vatText(ctx)])],
      [C.rent, () => finishPurpose([`Оплата по договору субаренды ${ctx.contract} за ${monthText(ctx.day)}`, vatText(ctx)])],
    ]),
  ВозвратОтПоставщика: (ctx) => finishPurpose([`Возврат излишне перечисленных денежных средств по п/п ${invoice(ctx)}`, vatText(ctx)]),
  ВозвратПокупателю: (ctx) => finishPurpose([`Возврат денежных средств по претензии ${invoice(ctx)} ${contractText(ctx)}`, vatText(ctx)]),
  ПолучениеЗайма: (ctx) => finishPurpose([`Предоставление процентного займа ${contractText(ctx)}`, 'НДС не облагается']),
  ПолучениеКредита: (ctx) => finishPurpose([`Выдача кредита по кредитному договору ${ctx.contract}`, 'НДС не облагается']),
  ВозвратЗайма: (ctx) =>
    finishPurpose([
      ctx.random.chance(0.6)
        ? `Возврат займа ${contractText(ctx)}`
        : `Уплата процентов по договору займа ${ctx.contract} за ${previousMonthText(ctx.day)}`,
      'НДС не облагается',
    ]),
  ВозвратКредита: (ctx) => finishPurpose([`Погашение основного долга по кредитному договору ${ctx.contract}`, 'НДС не облагается']),
  ВозвратОтПодотчетногоЛица: (ctx) =>
    finishPurpose([`Возврат неиспользованного аванса, выданного под отчет, ${ctx.personShortName}`, 'НДС не облагается']),
  ПеречислениеПодотчетномуЛицу: (ctx) =>
    finishPurpose([`Перечисление подотчетных сумм на хозяйственные нужды ${ctx.personShortName}`, 'НДС не облагается']),
  ПеречислениеЗП: (ctx) =>
    finishPurpose([
      ctx.personShortName
        ? `Перечисление заработной платы за ${previousMonthText(ctx.day)} ${ctx.personShortName}`
        : `Перечисление заработной платы за ${previousMonthText(ctx.day)} по реестру ${invoice(ctx)}`,
      'НДС не облагается',
    ]),
  ПеречислениеНалога: (ctx) =>
    finishPurpose([
      ctx.random.pick([
        'Единый налоговый платеж',
        `Уплата налога на доходы физических лиц за ${previousMonthText(ctx.day)}`,
        `Страховые взносы на обязательное пенсионное и медицинское страхование за ${previousMonthText(ctx.day)}`,
        `Налог на прибыль организаций за ${previousQuarterText(ctx.day)}`,
        `Налог на добавленную стоимость за ${previousQuarterText(ctx.day)}`,
      ]),
    ]),
  ВозвратНалога: (ctx) => finishPurpose([`Возврат излишне уплаченного налога по решению ${invoice(ctx)}`]),
  КомиссияБанка: (ctx) =>
    finishPurpose([
      ctx.random.chance(0.7)
        ? `Комиссия банка за ведение счета за ${previousMonthText(ctx.day)}`
        : `Комиссия за перевод по п/п ${invoice(ctx)}`,
      'НДС не облагается',
    ]),
  ПереводНаДругойСчет: (ctx) => finishPurpose([`Перевод собственных средств на счет № ${ctx.ownAccount}`, 'НДС не облагается']),
  ПереводСДругогоСчета: (ctx) => finishPurpose([`Перевод собственных средств со счета № ${ctx.ownAccount}`, 'НДС не облагается']),
  СнятиеНаличных: () => finishPurpose(['Получение наличных денежных средств на хозяйственные нужды', 'НДС не облагается']),
  ВзносНаличными: () => finishPurpose(['Взнос наличных денежных средств на расчетный счет. Торговая выручка', 'НДС не облагается']),
  ПоступленияОтПродажПоПлатежнымКартамИБанковскимКредитам: (ctx) =>
    finishPurpose([`Возмещение по операциям эквайринга за ${russianDate(ctx.calendar.shift(ctx.day, -1))}`, 'НДС не облагается']),
  ПрочееПоступление: (ctx) =>
    finishPurpose([`Начисленные проценты на остаток по счету за ${previousMonthText(ctx.day)}`, 'НДС не облагается']),
  ПеречислениеДивидендов: (ctx) =>
    finishPurpose([
      `Выплата дивидендов за ${ctx.day.year - 1} год по решению участника ${invoice(ctx)} ${ctx.personShortName}`,
      'НДС не облагается',
    ]),
  ПрочееСписание: (ctx) =>
    pickVariant(ctx, [
      [C.other, () => finishPurpose([`Оплата штрафа по постановлению ${invoice(ctx)}`, 'НДС не облагается'])],
      // A hard case left in on purpose: «взнос» reads like a tax keyword, yet a membership fee is no tax.
      [C.other, () => finishPurpose([`Членский взнос в СРО за ${ctx.day.year} год`, 'НДС не облагается'])],
      [C.rent, () => finishPurpose([`Арендная плата за ${monthText(ctx.day)} за парковочное место`, 'НДС не облагается'])],
      [C.bankFees, () => finishPurpose([`Комиссия за выдачу справки по счету ${invoice(ctx)}`, 'НДС не облагается'])],
    ]),
  ПрочиеРасчетыСКонтрагентами: (ctx) => finishPurpose([`Обеспечительный платеж ${contractText(ctx)}`, 'НДС не облагается']),
  ВозвратЗаймаКонтрагентом: (ctx) => finishPurpose([`Возврат займа ${contractText(ctx)}`, 'НДС не облагается']),
  ВозвратЗаймаРаботником: (ctx) => finishPurpose([`Возврат займа по договору ${invoice(ctx)} ${ctx.personShortName}`, 'НДС не облагается']),
  ОплатаОтФакторинговойКомпании: (ctx) =>
    finishPurpose([`Финансирование под уступку денежного требования по договору факторинга ${ctx.contract}`, 'НДС не облагается']),
  ПеречислениеЗаработнойПлатыРаботнику: (ctx) =>
    ctx.random.chance(0.8)
      ? finishPurpose([`Заработная плата за ${previousMonthText(ctx.day)} ${ctx.personShortName}`, 'НДС не облагается'])
      : finishPurpose([`Отпускные ${ctx.personShortName} по приказу ${invoice(ctx)}`, 'НДС не облагается']),
  ПеречислениеДепонентов: (ctx) =>
    finishPurpose([`Выплата депонированной заработной платы за ${previousMonthText(ctx.day)} ${ctx.personShortName}`, 'НДС не облагается']),
  ПеречислениеНалогаЗаТретьихЛиц: (ctx) =>
    finishPurpose([`Уплата налога на имущество организаций за третье лицо по письму ${invoice(ctx)}`]),
  ВыдачаЗаймаКонтрагенту: (ctx) => finishPurpose([`Предоставление процентного займа ${contractText(ctx)}`, 'НДС не облагается']),
  ВыдачаЗаймаРаботнику: (ctx) =>
    finishPurpose([`Выдача беспроцентного займа по договору ${invoice(ctx)} ${ctx.personShortName}`, 'НДС не облагается']),
};
