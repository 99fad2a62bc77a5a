// Payment purposes (НазначениеПлатежа) in the style of real Russian payment orders, one template family per
// operation kind, so generated data reads like a real bank statement.
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

/** Builds a purpose text. */
export type PurposeTemplate = (ctx: PurposeContext) => string;

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
    finishPurpose([
      ctx.random.pick([
        `Оплата по счету ${invoice(ctx)} за поставку товаров`,
        `Арендная плата за ${monthText(ctx.day)} ${contractText(ctx)}`,
        `Оплата услуг связи за ${previousMonthText(ctx.day)} по счету ${invoice(ctx)}`,
        `Оплата по счету ${invoice(ctx)} за транспортные услуги`,
        `Оплата за электроэнергию за ${previousMonthText(ctx.day)} ${contractText(ctx)}`,
        `Оплата по счету ${invoice(ctx)} за канцелярские товары`,
      ]),
      vatText(ctx),
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
  ПрочееСписание: (ctx) => finishPurpose([`Оплата штрафа по постановлению ${invoice(ctx)}`, 'НДС не облагается']),
  ПрочиеРасчетыСКонтрагентами: (ctx) => finishPurpose([`Обеспечительный платеж ${contractText(ctx)}`, 'НДС не облагается']),
};
