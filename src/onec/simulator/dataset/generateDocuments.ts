// Bank documents of both kinds spread over the period: operation kinds by frequency, parties by role, amounts
// with kopecks, VAT where the party pays it, purposes that fit the operation, a few unposted or deletion-marked.
import { EMPTY_DATE, EMPTY_GUID, TYPE_NAMESPACE, UNDEFINED_TYPE } from '../../wire/index.js';
import type { WireRow } from '../../wire/index.js';
import type { SeededRandom } from './SeededRandom.js';
import type { RefGuidFactory } from './refGuids.js';
import type { Catalogs, MutableRecord, Party } from './generateCatalogs.js';
import type { CalendarDay } from './calendar.js';
import { daysOfPeriod, shiftDay } from './calendar.js';
import type { OperationKindSpec } from './operationKinds.js';
import { INCOMING_OPERATION_KINDS, OUTGOING_OPERATION_KINDS } from './operationKinds.js';
import { PURPOSES } from './paymentPurposes.js';

/** Generated documents of each set, sorted by Date then Ref_Key. */
export interface GeneratedDocuments {
  incoming: MutableRecord[];
  outgoing: MutableRecord[];
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Generates `count` documents dated within [from, to]. */
export function generateDocuments(
  random: SeededRandom,
  guids: RefGuidFactory,
  catalogs: Catalogs,
  count: number,
  from: string,
  to: string,
): GeneratedDocuments {
  const days = daysOfPeriod(from, to);
  const cashFlowItems = new Map<string, string>();
  for (const spec of [...INCOMING_OPERATION_KINDS, ...OUTGOING_OPERATION_KINDS]) {
    if (!cashFlowItems.has(spec.name)) cashFlowItems.set(spec.name, guids.next());
  }
  const responsibleRef = guids.next();
  const [mainAccount, secondAccount] = catalogs.ownAccounts;
  const incoming: MutableRecord[] = [];
  const outgoing: MutableRecord[] = [];

  for (let i = 0; i < count; i++) {
    const isIncoming = random.chance(0.45);
    const spec = random.weighted(isIncoming ? INCOMING_OPERATION_KINDS : OUTGOING_OPERATION_KINDS);
    const party = pickParty(random, catalogs, spec);
    let day = random.pick(days);
    // Banks work on weekdays: move most weekend payments to another random day.
    if (day.weekend && random.chance(0.85)) day = random.pick(days);
    const dateTime = `${day.iso}T${pad(random.int(9, 18))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}`;
    const amount = round2(spec.minAmount * (spec.maxAmount / spec.minAmount) ** random.next());
    const vatRate = spec.vat && party?.vatPayer ? (day.year >= 2026 ? 22 : 20) : null;
    const vatAmount = vatRate === null ? 0 : round2((amount * vatRate) / (100 + vatRate));
    const ref = guids.next();
    const cashFlowItem = cashFlowItems.get(spec.name) ?? EMPTY_GUID;
    const deletionMark = random.chance(0.02);
    const purposeOf = PURPOSES[spec.name];
    const purpose = purposeOf
      ? purposeOf({
          random,
          day,
          vatRate,
          vatAmount,
          contract: party?.contractText ?? '',
          personShortName: party?.type === 'Catalog_ФизическиеЛица' ? party.shortName : '',
          ownAccount: (isIncoming ? secondAccount : secondAccount)?.number ?? '',
        })
      : spec.name;
    const withParty = party !== null;
    const incomingDate = isIncoming && withParty && party.type === 'Catalog_Контрагенты' ? shiftDay(day, -random.int(0, 1)) : null;
    const record: MutableRecord = {
      Ref_Key: ref,
      DataVersion: '',
      DeletionMark: deletionMark,
      Number: '',
      Date: dateTime,
      // 1C unposts a document when it is marked for deletion.
      Posted: !deletionMark && random.chance(0.97),
      ВидОперации: spec.name,
      Организация_Key: catalogs.organizationRef,
      СчетОрганизации_Key: mainAccount?.ref ?? EMPTY_GUID,
      Контрагент: party?.ref ?? '',
      Контрагент_Type: party ? `${TYPE_NAMESPACE}.${party.type}` : UNDEFINED_TYPE,
      СчетКонтрагента_Key: party?.accountRef ?? EMPTY_GUID,
      ДоговорКонтрагента_Key: spec.settlement ? (party?.contractRef ?? EMPTY_GUID) : EMPTY_GUID,
      СуммаДокумента: amount,
      ВалютаДокумента_Key: catalogs.rubRef,
      НазначениеПлатежа: purpose,
      НомерВходящегоДокумента: incomingDate ? String(random.int(1, 9999)) : '',
      ДатаВходящегоДокумента: incomingDate ? `${incomingDate.iso}T00:00:00` : EMPTY_DATE,
      СтатьяДвиженияДенежныхСредств_Key: cashFlowItem,
      Комментарий: random.chance(0.05) ? 'Загружено из выписки банка' : '',
      Ответственный_Key: responsibleRef,
      РасшифровкаПлатежа: spec.settlement ? paymentRows(random, ref, party, amount, vatRate, cashFlowItem) : [],
    };
    (isIncoming ? incoming : outgoing).push(record);
  }
  sortAndNumber(incoming, days[0]);
  sortAndNumber(outgoing, days[0]);
  return { incoming, outgoing };
}

function pickParty(random: SeededRandom, catalogs: Catalogs, spec: OperationKindSpec): Party | null {
  const { pools } = catalogs;
  const fromPool = (pool: Party[]): Party | null => (pool.length === 0 ? null : random.pick(pool));
  switch (spec.role) {
    case 'none':
      return null;
    case 'employeeOrNone':
      // Salaries go either to one employee or, by a register (реестр), to the bank without a counterparty.
      return random.chance(0.5) ? fromPool(pools.employee) : null;
    case 'customer':
      return fromPool(pools.customer) ?? fromPool(pools.supplier);
    case 'supplier':
      return fromPool(pools.supplier) ?? fromPool(pools.customer);
    default:
      return fromPool(pools[spec.role]);
  }
}

function paymentRows(random: SeededRandom, ref: string, party: Party | null, amount: number, vatRate: number | null, cashFlowItem: string): WireRow[] {
  const split = amount >= 1000 && random.chance(0.12);
  const first = split ? round2(amount * (0.3 + random.next() * 0.4)) : amount;
  const amounts = split ? [first, round2(amount - first)] : [amount];
  return amounts.map((rowAmount, index) => ({
    Ref_Key: ref,
    LineNumber: String(index + 1),
    ДоговорКонтрагента_Key: party?.contractRef ?? EMPTY_GUID,
    СпособПогашенияЗадолженности: random.chance(0.8) ? 'Автоматически' : 'ПоДокументу',
    СуммаПлатежа: rowAmount,
    КурсВзаиморасчетов: 1,
    КратностьВзаиморасчетов: '1',
    СуммаВзаиморасчетов: rowAmount,
    СтавкаНДС: vatRate === null ? 'БезНДС' : `НДС${vatRate}`,
    СуммаНДС: vatRate === null ? 0 : round2((rowAmount * vatRate) / (100 + vatRate)),
    СтатьяДвиженияДенежныхСредств_Key: cashFlowItem,
  }));
}

// Numbers run in date order within each year, like 1C's numbering: 0000-000001, 0000-000002, …
function sortAndNumber(records: MutableRecord[], firstDay: CalendarDay | undefined): void {
  records.sort((a, b) => compareStrings(String(a.Date), String(b.Date)) || compareStrings(String(a.Ref_Key), String(b.Ref_Key)));
  let year = firstDay?.year ?? 0;
  let number = 0;
  for (const record of records) {
    const recordYear = Number(String(record.Date).slice(0, 4));
    if (recordYear !== year) {
      year = recordYear;
      number = 0;
    }
    record.Number = `0000-${pad(++number, 6)}`;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
