// Operation kinds (ВидОперации) of bank documents with how often they occur, whom they are paid to or from, the
// usual amounts, and whether they carry VAT and a payment breakdown (РасшифровкаПлатежа).

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
}

function kind(
  name: string,
  weight: number,
  role: CounterpartyRole,
  minAmount: number,
  maxAmount: number,
  settlement = false,
  vat = false,
): OperationKindSpec {
  return { name, weight, role, minAmount, maxAmount, settlement, vat };
}

/** Operation kinds of Document_ПоступлениеНаРасчетныйСчет. */
export const INCOMING_OPERATION_KINDS: readonly OperationKindSpec[] = [
  kind('ОплатаПокупателя', 62, 'customer', 5_000, 3_000_000, true, true),
  kind('ВозвратОтПоставщика', 4, 'supplier', 500, 200_000, true, true),
  kind('ПолучениеЗайма', 2, 'lender', 100_000, 5_000_000, true),
  kind('ПолучениеКредита', 1, 'bank', 500_000, 20_000_000, true),
  kind('ВозвратОтПодотчетногоЛица', 3, 'employee', 500, 30_000),
  kind('ПрочееПоступление', 4, 'bank', 10, 30_000),
  kind('ПереводСДругогоСчета', 6, 'none', 50_000, 5_000_000),
  kind('ВзносНаличными', 3, 'none', 5_000, 300_000),
  kind('ПоступленияОтПродажПоПлатежнымКартамИБанковскимКредитам', 10, 'bank', 1_000, 500_000),
  kind('ВозвратНалога', 1, 'tax', 1_000, 500_000),
  kind('ПрочиеРасчетыСКонтрагентами', 4, 'customer', 1_000, 500_000, true),
];

/** Operation kinds of Document_СписаниеСРасчетногоСчета. */
export const OUTGOING_OPERATION_KINDS: readonly OperationKindSpec[] = [
  kind('ОплатаПоставщику', 48, 'supplier', 1_000, 2_000_000, true, true),
  kind('ВозвратПокупателю', 3, 'customer', 500, 200_000, true, true),
  kind('ПеречислениеНалога', 10, 'tax', 1_000, 1_500_000),
  kind('ПеречислениеЗП', 10, 'employeeOrNone', 20_000, 2_500_000),
  kind('ПеречислениеПодотчетномуЛицу', 4, 'employee', 1_000, 50_000),
  kind('КомиссияБанка', 9, 'bank', 50, 5_000),
  kind('ВозвратЗайма', 2, 'lender', 50_000, 3_000_000, true),
  kind('ВозвратКредита', 2, 'bank', 100_000, 5_000_000, true),
  kind('ПереводНаДругойСчет', 4, 'none', 50_000, 5_000_000),
  kind('СнятиеНаличных', 3, 'none', 5_000, 200_000),
  kind('ПеречислениеДивидендов', 1, 'employee', 50_000, 3_000_000),
  kind('ПрочееСписание', 2, 'supplier', 500, 100_000),
  kind('ПрочиеРасчетыСКонтрагентами', 2, 'supplier', 1_000, 500_000, true),
];
