// Bank documents of both kinds (Document_ПоступлениеНаРасчетныйСчет, Document_СписаниеСРасчетногоСчета) parsed
// into one normalised shape; the set decides the direction.
import { ONEC_SETS, PAYMENT_ROWS_FIELD } from '../../wire/index.js';
import type { BankDocumentSet, ODataRecord } from '../../wire/index.js';
import { ODataArgumentError } from '../errors.js';
import type { RecordContext } from './wireReaders.js';
import {
  fail,
  readAmount,
  readBoolean,
  readComposite,
  readDateTime,
  readInteger,
  readRef,
  readRefKey,
  readRows,
  readString,
  recordContext,
  rowContext,
} from './wireReaders.js';

/** Types a bank document's counterparty can have that the sync maps. */
export type CounterpartyType = 'Catalog_Контрагенты' | 'Catalog_ФизическиеЛица';

/** One row of РасшифровкаПлатежа (how the payment is split over contracts). */
export interface PaymentRow {
  /** LineNumber, from its string form. */
  lineNumber: number;
  /** ДоговорКонтрагента_Key, null when empty. */
  contractRef: string | null;
  /** СпособПогашенияЗадолженности: Автоматически, ПоДокументу, НеПогашать. */
  settlementMethod: string;
  /** СуммаПлатежа, rounded to kopecks. */
  amount: number;
  /** СтавкаНДС enum name (НДС20, БезНДС, …), null when empty. */
  vatRate: string | null;
  /** СуммаНДС. */
  vatAmount: number;
  /** СтатьяДвиженияДенежныхСредств_Key, null when empty. */
  cashFlowItemRef: string | null;
}

/** A bank document normalised from either set. */
export interface BankDocument {
  /** The set it came from. */
  set: BankDocumentSet;
  /** Ref_Key (lower case). */
  ref: string;
  /** DataVersion: changes on every write of the document in 1C. */
  dataVersion: string;
  /** DeletionMark. */
  deletionMark: boolean;
  /** Number as 1C shows it, e.g. "0000-000012". */
  number: string;
  /** Day of the document, YYYY-MM-DD. */
  date: string;
  /** Full timestamp, YYYY-MM-DDTHH:MM:SS (1C has no time zones). */
  dateTime: string;
  /** Posted (проведён). */
  posted: boolean;
  /** ВидОперации enum name, e.g. ОплатаПокупателя. */
  operationKind: string;
  /** 'in' for поступление, 'out' for списание. */
  direction: 'in' | 'out';
  /** СуммаДокумента, rounded to kopecks. */
  amount: number;
  /** ВалютаДокумента_Key, null when empty. */
  currencyRef: string | null;
  /** Контрагент when its type is one of {@link CounterpartyType}, else null. */
  counterpartyRef: string | null;
  /** Type of Контрагент when it is a counterparty or an individual; null when empty or another type. */
  counterpartyType: CounterpartyType | null;
  /** Type of Контрагент as sent, without the namespace (e.g. Catalog_Организации), null when empty. */
  counterpartyWireType: string | null;
  /** ДоговорКонтрагента_Key, null when empty. */
  contractRef: string | null;
  /** НазначениеПлатежа. */
  purpose: string;
  /** Организация_Key, null when empty. */
  organizationRef: string | null;
  /** СчетОрганизации_Key (→ Catalog_БанковскиеСчета), null when empty. */
  accountRef: string | null;
  /** НомерВходящегоДокумента ('' when empty). */
  incomingNumber: string;
  /** ДатаВходящегоДокумента as YYYY-MM-DD, null when empty. */
  incomingDate: string | null;
  /** Комментарий. */
  comment: string;
  /** Rows of РасшифровкаПлатежа in LineNumber order. */
  paymentRows: PaymentRow[];
}

/** Fields parseBankDocument reads; pass as `select` so 1C sends nothing more. */
export const BANK_DOCUMENT_FIELDS: readonly string[] = [
  'Ref_Key',
  'DataVersion',
  'DeletionMark',
  'Number',
  'Date',
  'Posted',
  'ВидОперации',
  'Организация_Key',
  'СчетОрганизации_Key',
  'Контрагент',
  'Контрагент_Type',
  'ДоговорКонтрагента_Key',
  'СуммаДокумента',
  'ВалютаДокумента_Key',
  'НазначениеПлатежа',
  'НомерВходящегоДокумента',
  'ДатаВходящегоДокумента',
  'Комментарий',
  PAYMENT_ROWS_FIELD,
];

const KNOWN_COUNTERPARTY_TYPES: readonly string[] = ['Catalog_Контрагенты', 'Catalog_ФизическиеЛица'];

/** Parses a wire record of either bank document set; throws ODataRecordError naming the bad field. */
export function parseBankDocument(set: BankDocumentSet, record: ODataRecord): BankDocument {
  if (set !== ONEC_SETS.incomingPayments && set !== ONEC_SETS.outgoingPayments) {
    throw new ODataArgumentError(`${String(set)} не является набором банковских документов`);
  }
  const ctx = recordContext(set, record);
  const dateTime = readDateTime(ctx, 'Date');
  if (dateTime === null) fail(ctx, 'Date', 'пустая дата документа');
  const counterparty = readComposite(ctx, 'Контрагент');
  const known = counterparty.type !== null && KNOWN_COUNTERPARTY_TYPES.includes(counterparty.type);
  const incomingDate = readDateTime(ctx, 'ДатаВходящегоДокумента');
  return {
    set,
    ref: readRefKey(ctx),
    dataVersion: readString(ctx, 'DataVersion'),
    deletionMark: readBoolean(ctx, 'DeletionMark'),
    number: readString(ctx, 'Number').trim(),
    date: dateTime.slice(0, 10),
    dateTime,
    posted: readBoolean(ctx, 'Posted'),
    operationKind: readString(ctx, 'ВидОперации'),
    direction: set === ONEC_SETS.incomingPayments ? 'in' : 'out',
    amount: readAmount(ctx, 'СуммаДокумента'),
    currencyRef: readRef(ctx, 'ВалютаДокумента_Key'),
    counterpartyRef: known ? counterparty.ref : null,
    counterpartyType: known ? (counterparty.type as CounterpartyType) : null,
    counterpartyWireType: counterparty.type,
    contractRef: readRef(ctx, 'ДоговорКонтрагента_Key'),
    purpose: readString(ctx, 'НазначениеПлатежа'),
    organizationRef: readRef(ctx, 'Организация_Key'),
    accountRef: readRef(ctx, 'СчетОрганизации_Key'),
    incomingNumber: readString(ctx, 'НомерВходящегоДокумента').trim(),
    incomingDate: incomingDate === null ? null : incomingDate.slice(0, 10),
    comment: readString(ctx, 'Комментарий'),
    paymentRows: readRows(ctx, PAYMENT_ROWS_FIELD)
      .map((row, index) => parsePaymentRow(rowContext(ctx, PAYMENT_ROWS_FIELD, index, row)))
      .sort((a, b) => a.lineNumber - b.lineNumber),
  };
}

function parsePaymentRow(ctx: RecordContext): PaymentRow {
  const vatRate = readString(ctx, 'СтавкаНДС');
  return {
    lineNumber: readInteger(ctx, 'LineNumber'),
    contractRef: readRef(ctx, 'ДоговорКонтрагента_Key'),
    settlementMethod: readString(ctx, 'СпособПогашенияЗадолженности'),
    amount: readAmount(ctx, 'СуммаПлатежа'),
    vatRate: vatRate === '' ? null : vatRate,
    vatAmount: readAmount(ctx, 'СуммаНДС'),
    cashFlowItemRef: readRef(ctx, 'СтатьяДвиженияДенежныхСредств_Key'),
  };
}
