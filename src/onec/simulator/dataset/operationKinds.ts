// Operation kinds (ВидОперации) of bank documents with how often they occur, whom they are paid to or from, the
// usual amounts, whether they carry VAT and a payment breakdown (РасшифровкаПлатежа), and the category an
// accountant would give them (a purpose template may choose another, e.g. rent paid as ОплатаПоставщику).
import type { ExpectedCategory } from './expectedCategories.js';
import { CATEGORY as C } from './expectedCategories.js';

/** Who the counterparty of an operation is. */
export type CounterpartyRole = 'customer' | 'supplier' | 'bank' | 'tax' | 'lender' | 'employee' | 'employeeOrNone' | 'none';

/** How an operation kind is generated. */
export interface OperationKindSpec {
  /** ВидОперации enum name. */
  name: string;
  /** Relative frequency. */
  weight: number;
  /** Whom the money goes to or comes from. */
  role: CounterpartyRole;
  /** Smallest and largest usual amount, roubles (drawn log-uniformly). */
  minAmount: number;
  maxAmount: number;
  /** True when the document has РасшифровкаПлатежа rows with a contract. */
  settlement: boolean;
  /** True when the amount may include VAT (depends on the counterparty being a VAT payer). */
  vat: boolean;
  /** The category such a document is meant to have unless its purpose says otherwise. */
  category: ExpectedCategory;
}

function kind(
  name: string,
  category: ExpectedCategory,
  weight: number,
  role: CounterpartyRole,
  minAmount: number,
  maxAmount: number,
  settlement = false,
  vat = false,
): OperationKindSpec {
  return { name, weight, role, minAmount, maxAmount, settlement, vat, category };
}

/** Operation kinds of Document_ПоступлениеНаРасчетныйСчет. */
export const INCOMING_OPERATION_KINDS: readonly OperationKindSpec[] = [
  kind('ОплатаПокупателя', C.revenue, 62, 'customer', 5_000, 3_000_000, true, true),
  kind('ВозвратОтПоставщика', C.refunds, 4, 'supplier', 500, 200_000, true, true),
  kind('ПолучениеЗайма', C.loans, 2, 'lender', 100_000, 5_000_000, true),
  kind('ПолучениеКредита', C.loans, 1, 'bank', 500_000, 20_000_000, true),
  kind('ВозвратОтПодотчетногоЛица', C.accountable, 3, 'employee', 500, 30_000),
  kind('ПрочееПоступление', C.other, 4, 'bank', 10, 30_000),
  kind('ПереводСДругогоСчета', C.transfers, 6, 'none', 50_000, 5_000_000),
  kind('ВзносНаличными', C.transfers, 3, 'none', 5_000, 300_000),
  kind('ПоступленияОтПродажПоПлатежнымКартамИБанковскимКредитам', C.revenue, 10, 'bank', 1_000, 500_000),
  kind('ВозвратНалога', C.refunds, 1, 'tax', 1_000, 500_000),
  kind('ПрочиеРасчетыСКонтрагентами', C.other, 4, 'customer', 1_000, 500_000, true),
  kind('ВозвратЗаймаКонтрагентом', C.loans, 1, 'customer', 50_000, 2_000_000, true),
  kind('ВозвратЗаймаРаботником', C.loans, 1, 'employee', 5_000, 300_000),
  kind('ОплатаОтФакторинговойКомпании', C.revenue, 1, 'bank', 100_000, 5_000_000, true),
];

/** Operation kinds of Document_СписаниеСРасчетногоСчета. */
export const OUTGOING_OPERATION_KINDS: readonly OperationKindSpec[] = [
  kind('ОплатаПоставщику', C.suppliers, 48, 'supplier', 1_000, 2_000_000, true, true),
  kind('ВозвратПокупателю', C.refunds, 3, 'customer', 500, 200_000, true, true),
  kind('ПеречислениеНалога', C.taxes, 10, 'tax', 1_000, 1_500_000),
  kind('ПеречислениеЗП', C.salary, 10, 'employeeOrNone', 20_000, 2_500_000),
  kind('ПеречислениеПодотчетномуЛицу', C.accountable, 4, 'employee', 1_000, 50_000),
  kind('КомиссияБанка', C.bankFees, 9, 'bank', 50, 5_000),
  kind('ВозвратЗайма', C.loans, 2, 'lender', 50_000, 3_000_000, true),
  kind('ВозвратКредита', C.loans, 2, 'bank', 100_000, 5_000_000, true),
  kind('ПереводНаДругойСчет', C.transfers, 4, 'none', 50_000, 5_000_000),
  kind('СнятиеНаличных', C.transfers, 3, 'none', 5_000, 200_000),
  kind('ПеречислениеДивидендов', C.dividends, 1, 'employee', 50_000, 3_000_000),
  kind('ПрочееСписание', C.other, 3, 'supplier', 500, 100_000),
  kind('ПрочиеРасчетыСКонтрагентами', C.other, 2, 'supplier', 1_000, 500_000, true),
  kind('ПеречислениеЗаработнойПлатыРаботнику', C.salary, 2, 'employee', 20_000, 300_000),
  kind('ПеречислениеДепонентов', C.salary, 1, 'employee', 5_000, 150_000),
  kind('ПеречислениеНалогаЗаТретьихЛиц', C.taxes, 1, 'tax', 1_000, 500_000),
  kind('ВыдачаЗаймаКонтрагенту', C.loans, 1, 'customer', 100_000, 3_000_000, true),
  kind('ВыдачаЗаймаРаботнику', C.loans, 1, 'employee', 10_000, 500_000),
];
