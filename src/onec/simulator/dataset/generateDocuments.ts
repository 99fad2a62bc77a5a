// Bank documents of both kinds spread over the period: operation kinds by frequency, parties by role, amounts
// with kopecks, VAT where the party pays it, purposes that fit the operation, a few unposted or deletion-marked.
import { EMPTY_DATE, EMPTY_GUID, TYPE_NAMESPACE, UNDEFINED_TYPE } from '../../wire/index.js';
import type { WireRow } from '../../wire/index.js';
import type { SeededRandom } from './SeededRandom.js';
import type { RefGuidFactory } from './refGuids.js';
import type { Catalogs, MutableRecord, Party } from './generateCatalogs.js';
import { Calendar } from './calendar.js';
import type { OperationKindSpec } from './operationKinds.js';
import { INCOMING_OPERATION_KINDS, OUTGOING_OPERATION_KINDS } from './operationKinds.js';
import { PURPOSES } from './paymentPurposes.js';
import type { ExpectedCategory } from './expectedCategories.js';

/** Generated documents of each set, sorted by Date then Ref_Key. */
export interface GeneratedDocuments {
  incoming: MutableRecord[];
  outgoing: MutableRecord[];
  /** Ref_Key → the category each document is meant to have (the ground truth of classification). */
  expectedCategories: Map<string, ExpectedCategory>;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

const SECONDS_PER_DAY = 86_400;
// One shared string per type instead of one per document.
const WIRE_TYPES: Readonly<Record<Party['type'], string>> = {
  Catalog_Контрагенты: `${TYPE_NAMESPACE}.Catalog_Контрагенты`,
  Catalog_ФизическиеЛица: `${TYPE_NAMESPACE}.Catalog_ФизическиеЛица`,
};
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => pad(i));

/** Generates `count` documents dated within [from, to]. */
export function generateDocuments(
  random: SeededRandom,
  guids: RefGuidFactory,
  catalogs: Catalogs,
  count: number,
  from: string,
  to: string,
): GeneratedDocuments {
  const calendar = new Calendar(from, to);
  const days = calendar.days;
  const cashFlowItems = new Map<string, string>();
  for (const spec of [...INCOMING_OPERATION_KINDS, ...OUTGOING_OPERATION_KINDS]) {
    if (!cashFlowItems.has(spec.name)) cashFlowItems.set(spec.name, guids.next());
  }
  const responsibleRef = guids.next();
  const [mainAccount, secondAccount] = catalogs.ownAccounts;
  const incoming: MutableRecord[] = [];
  const outgoing: MutableRecord[] = [];
  const numbers = { incoming: new YearlyNumbers(), outgoing: new YearlyNumbers() };
  const expectedCategories = new Map<string, ExpectedCategory>();

  // Draw every moment first and sort the numbers: documents are then created in date order, which the date index
  // and the numbering need, without sorting 100 000 objects by string keys.
  const moments = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let dayIndex = random.int(0, days.length - 1);
    // Banks work on weekdays: move most weekend payments to another random day.
    if (days[dayIndex]?.weekend && random.chance(0.85)) dayIndex = random.int(0, days.length - 1);
    moments[i] = dayIndex * SECONDS_PER_DAY + random.int(9 * 3600, 19 * 3600 - 1);
  }
  moments.sort();

  for (const moment of moments) {
    const day = days[Math.floor(moment / SECONDS_PER_DAY)] ?? days[0]!;
    const secondOfDay = moment % SECONDS_PER_DAY;
    // join() builds one flat string; a template literal would keep a tree of string pieces alive per document.
    const dateTime = [
      day.iso,
      'T',
      TWO_DIGITS[Math.floor(secondOfDay / 3600)],
      ':',
      TWO_DIGITS[Math.floor(secondOfDay / 60) % 60],
      ':',
      TWO_DIGITS[secondOfDay % 60],
    ].join('');
    const isIncoming = random.chance(0.45);
    const spec = random.weighted(isIncoming ? INCOMING_OPERATION_KINDS : OUTGOING_OPERATION_KINDS);
    const party = pickParty(random, catalogs, spec);
    const amount = round2(spec.minAmount * (spec.maxAmount / spec.minAmount) ** random.next());
    const vatRate = spec.vat && party?.vatPayer ? (day.year >= 2026 ? 22 : 20) : null;
    const vatAmount = vatRate === null ? 0 : round2((amount * vatRate) / (100 + vatRate));
    const ref = guids.next();
    const cashFlowItem = cashFlowItems.get(spec.name) ?? EMPTY_GUID;
    const deletionMark = random.chance(0.02);
    const purposeOf = PURPOSES[spec.name];
    const written = purposeOf
      ? purposeOf({
          random,
          calendar,
          day,
          vatRate,
          vatAmount,
          contract: party?.contractText ?? '',
          personShortName: party?.type === 'Catalog_ФизическиеЛица' ? party.shortName : '',
          ownAccount: secondAccount?.number ?? '',
        })
      : spec.name;
    const purpose = typeof written === 'string' ? written : written.text;
    expectedCategories.set(ref, typeof written === 'string' ? spec.category : written.category);
    const withParty = party !== null;
    const incomingDate = isIncoming && withParty && party.type === 'Catalog_Контрагенты' ? calendar.shift(day, -random.int(0, 1)) : null;
    const record: MutableRecord = {
      Ref_Key: ref,
      DataVersion: '',
      DeletionMark: deletionMark,
      Number: (isIncoming ? numbers.incoming : numbers.outgoing).next(day.year),
      Date: dateTime,
      // 1C unposts a document when it is marked for deletion.
      Posted: !deletionMark && random.chance(0.97),
      ВидОперации: spec.name,
      Организация_Key: catalogs.organizationRef,
      СчетОрганизации_Key: mainAccount?.ref ?? EMPTY_GUID,
      Контрагент: party?.ref ?? '',
      Контрагент_Type: party ? WIRE_TYPES[party.type] : UNDEFINED_TYPE,
      СчетКонтрагента_Key: party?.accountRef ?? EMPTY_GUID,
      ДоговорКонтрагента_Key: spec.settlement ? (party?.contractRef ?? EMPTY_GUID) : EMPTY_GUID,
      СуммаДокумента: amount,
      ВалютаДокумента_Key: catalogs.rubRef,
      НазначениеПлатежа: purpose,
      НомерВходящегоДокумента: incomingDate ? String(random.int(1, 9999)) : '',
      ДатаВходящегоДокумента: incomingDate ? incomingDate.midnight : EMPTY_DATE,
      СтатьяДвиженияДенежныхСредств_Key: cashFlowItem,
      Комментарий: random.chance(0.05) ? 'Загружено из выписки банка' : '',
      Ответственный_Key: responsibleRef,
      РасшифровкаПлатежа: spec.settlement ? paymentRows(random, ref, party, amount, vatRate, cashFlowItem) : [],
    };
    (isIncoming ? incoming : outgoing).push(record);
  }
  return { incoming, outgoing, expectedCategories };
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

function paymentRows(
  random: SeededRandom,
  ref: string,
  party: Party | null,
  amount: number,
  vatRate: number | null,
  cashFlowItem: string,
): WireRow[] {
  const split = amount >= 1000 && random.chance(0.12);
  const first = split ? round2(amount * (0.3 + random.next() * 0.4)) : amount;
  const amounts = split ? [first, round2(amount - first)] : [amount];
  return amounts.map((rowAmount, index) => ({
    Ref_Key: ref,
    LineNumber: index === 0 ? '1' : '2',
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
class YearlyNumbers {
  #year = 0;
  #number = 0;

  next(year: number): string {
    if (year !== this.#year) {
      this.#year = year;
      this.#number = 0;
    }
    return `0000-${pad(++this.#number, 6)}`;
  }
}
