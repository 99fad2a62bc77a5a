// The entity sets of 1C:Бухгалтерия предприятия 3.0 the sync reads. Names are the OData set names exactly as
// 1C publishes them (Latin prefix + Cyrillic metadata name).

/** Entity set names used by the sync, keyed by a short English alias. */
export const ONEC_SETS = {
  counterparties: 'Catalog_Контрагенты',
  individuals: 'Catalog_ФизическиеЛица',
  currencies: 'Catalog_Валюты',
  bankAccounts: 'Catalog_БанковскиеСчета',
  incomingPayments: 'Document_ПоступлениеНаРасчетныйСчет',
  outgoingPayments: 'Document_СписаниеСРасчетногоСчета',
} as const;

/** One of the entity set names in {@link ONEC_SETS}. */
export type OneCSetName = (typeof ONEC_SETS)[keyof typeof ONEC_SETS];

/** The two bank document sets: incoming (поступление) and outgoing (списание). */
export type BankDocumentSet = typeof ONEC_SETS.incomingPayments | typeof ONEC_SETS.outgoingPayments;

/** Every set in {@link ONEC_SETS}, in a stable order. */
export const ONEC_SET_NAMES: readonly OneCSetName[] = Object.values(ONEC_SETS);

/** Both bank document sets. */
export const BANK_DOCUMENT_SETS: readonly BankDocumentSet[] = [ONEC_SETS.incomingPayments, ONEC_SETS.outgoingPayments];

/** Name of the tabular section of bank documents that comes inline as an array. */
export const PAYMENT_ROWS_FIELD = 'РасшифровкаПлатежа';

/** True when `name` is one of {@link ONEC_SET_NAMES}. */
export function isOneCSetName(name: string): name is OneCSetName {
  return (ONEC_SET_NAMES as readonly string[]).includes(name);
}

/** True when `name` is one of the two bank document sets. */
export function isBankDocumentSet(name: string): name is BankDocumentSet {
  return (BANK_DOCUMENT_SETS as readonly string[]).includes(name);
}
