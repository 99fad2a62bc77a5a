// Catalogs of the simulated base: currencies, counterparties (folders, ООО/АО/ИП, banks, the tax authority, a
// lender), individuals (employees), bank accounts. Everything comes from the seeded random sequence.
import { EMPTY_DATE, EMPTY_GUID, TYPE_NAMESPACE } from '../../wire/index.js';
import type { WireValue } from '../../wire/index.js';
import { completeLegalInn, completePersonInn } from '../../taxIds/index.js';
import type { SeededRandom } from './SeededRandom.js';
import type { RefGuidFactory } from './refGuids.js';
import { settlementAccountNumber } from './bankAccountNumber.js';
import type { PersonName } from './russianNames.js';
import {
  COMPANY_ROOTS,
  COMPANY_SUFFIXES,
  FEMALE_NAMES,
  GIVEN_NAMES,
  MALE_SURNAMES,
  femaleSurname,
  fullPersonName,
  shortPersonName,
} from './russianNames.js';

/** A record under construction; DataVersion is filled in at the end. */
export type MutableRecord = Record<string, WireValue>;

/** A party documents can be paid to or from. */
export interface Party {
  ref: string;
  type: 'Catalog_Контрагенты' | 'Catalog_ФизическиеЛица';
  /** Short name for purposes ("Иванов С.П."). */
  shortName: string;
  /** The party's bank account, EMPTY_GUID when none. */
  accountRef: string;
  /** Its contract, EMPTY_GUID when none. */
  contractRef: string;
  /** "№ 15/24 от 10.01.2024", '' when none. */
  contractText: string;
  /** True when its invoices include VAT. */
  vatPayer: boolean;
}

/** Generated catalogs and the pools documents draw their parties from. */
export interface Catalogs {
  /** Catalog_Валюты records. */
  currencies: MutableRecord[];
  /** Catalog_Контрагенты records, folders first. */
  counterparties: MutableRecord[];
  /** Catalog_ФизическиеЛица records. */
  individuals: MutableRecord[];
  /** Catalog_БанковскиеСчета records of the organisation and the counterparties. */
  bankAccounts: MutableRecord[];
  /** Ref_Key of the one organisation (Catalog_Организации is not published). */
  organizationRef: string;
  /** Ref_Key of the rouble (code 643). */
  rubRef: string;
  /** The organisation's accounts: [main, second]. */
  ownAccounts: { ref: string; number: string }[];
  /** Parties documents draw from, by role; deletion-marked counterparties are left out. */
  pools: Record<'customer' | 'supplier' | 'bank' | 'tax' | 'lender' | 'employee', Party[]>;
}

const CURRENCIES = [
  { code: '643', name: 'руб.', fullName: 'Российский рубль' },
  { code: '840', name: 'USD', fullName: 'Доллар США' },
  { code: '978', name: 'EUR', fullName: 'Евро' },
  { code: '156', name: 'CNY', fullName: 'Китайский юань' },
];

/** Banks of the simulated base (fictional names, BIKs in the Moscow/regional format). */
export const SIMULATED_BANKS: readonly { name: string; bik: string }[] = [
  { name: 'ПАО «Банк Северный»', bik: '044525901' },
  { name: 'АО «Уральский кредитный банк»', bik: '046577902' },
  { name: 'ПАО «Волжский промышленный банк»', bik: '043601903' },
  { name: 'АО «Банк Меридиан»', bik: '044030904' },
];

const REGIONS = ['77', '78', '50', '66', '16', '54', '23', '52', '63', '02', '74', '61'];
const FOLDERS = ['Покупатели', 'Поставщики', 'Прочие контрагенты', 'Банки', 'Бюджет'] as const;
const LEGAL_FORMS = [
  { short: 'ООО', full: 'Общество с ограниченной ответственностью', weight: 62 },
  { short: 'АО', full: 'Акционерное общество', weight: 8 },
  { short: 'ПАО', full: 'Публичное акционерное общество', weight: 2 },
  { short: 'ИП', full: 'Индивидуальный предприниматель', weight: 28 },
];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Builds all catalogs for `contractors` ordinary counterparties. */
export function generateCatalogs(random: SeededRandom, guids: RefGuidFactory, contractors: number, year: number): Catalogs {
  const russiaRef = guids.next();
  const organizationRef = guids.next();
  const bankRefs = SIMULATED_BANKS.map(() => guids.next());
  const currencies = CURRENCIES.map((currency, index) => ({
    Ref_Key: guids.next(),
    DataVersion: '',
    DeletionMark: false,
    Code: currency.code,
    Description: currency.name,
    НаименованиеПолное: currency.fullName,
    ЗагружаетсяИзИнтернета: index > 0,
    Predefined: index === 0,
    PredefinedDataName: index === 0 ? 'Рубль' : '',
  }));
  const rubRef = currencies[0]?.Ref_Key ?? EMPTY_GUID;
  const bankAccounts: MutableRecord[] = [];
  let accountCode = 0;
  const makeAccount = (owner: string, ownerType: string, balance: string): { ref: string; number: string } => {
    const bankIndex = random.int(0, SIMULATED_BANKS.length - 1);
    const bank = SIMULATED_BANKS[bankIndex] ?? SIMULATED_BANKS[0]!;
    const number = settlementAccountNumber(bank.bik, balance, '810', random.digits(11));
    const ref = guids.next();
    bankAccounts.push({
      Ref_Key: ref,
      DataVersion: '',
      DeletionMark: false,
      Owner: owner,
      Owner_Type: `${TYPE_NAMESPACE}.${ownerType}`,
      Code: pad(++accountCode, 9),
      Description: `${number}, ${bank.name}`,
      НомерСчета: number,
      Банк_Key: bankRefs[bankIndex] ?? EMPTY_GUID,
      Валютный: false,
      ВалютаДенежныхСредств_Key: rubRef,
      ДатаОткрытия: `${year - random.int(1, 8)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}T00:00:00`,
      ДатаЗакрытия: EMPTY_DATE,
      Predefined: false,
      PredefinedDataName: '',
    });
    return { ref, number };
  };
  const ownAccounts = [
    makeAccount(organizationRef, 'Catalog_Организации', '40702'),
    makeAccount(organizationRef, 'Catalog_Организации', '40702'),
  ];

  const counterparties: MutableRecord[] = [];
  let counterpartyCode = 0;
  const folderRefs = new Map<string, string>();
  for (const folder of FOLDERS) {
    const ref = guids.next();
    folderRefs.set(folder, ref);
    counterparties.push(counterpartyRecord(ref, ++counterpartyCode, { folder: true, description: folder }));
  }
  const usedInns = new Set<string>();
  const uniqueInn = (make: () => string): string => {
    for (;;) {
      const inn = make();
      if (!usedInns.has(inn)) {
        usedInns.add(inn);
        return inn;
      }
    }
  };
  const legalInn = (): string => uniqueInn(() => completeLegalInn(random.pick(REGIONS) + pad(random.int(1, 51), 2) + random.digits(5)));
  const personInn = (): string => uniqueInn(() => completePersonInn(random.pick(REGIONS) + pad(random.int(1, 51), 2) + random.digits(6)));
  const pools: Catalogs['pools'] = { customer: [], supplier: [], bank: [], tax: [], lender: [], employee: [] };
  let contractNumber = 0;
  const addParty = (record: MutableRecord, shortName: string, vatPayer: boolean, ...poolNames: (keyof Catalogs['pools'])[]): void => {
    const ref = String(record.Ref_Key);
    const account = makeAccount(ref, 'Catalog_Контрагенты', String(record.ИНН).length === 12 ? '40802' : '40702');
    record.ОсновнойБанковскийСчет_Key = account.ref;
    counterparties.push(record);
    if (record.DeletionMark === true) return;
    const contractDate = `${pad(random.int(1, 28), 2)}.${pad(random.int(1, 12), 2)}.${year - 1}`;
    const party: Party = {
      ref,
      type: 'Catalog_Контрагенты',
      shortName,
      accountRef: account.ref,
      contractRef: guids.next(),
      contractText: `№ ${++contractNumber}/${String(year - 1).slice(2)} от ${contractDate}`,
      vatPayer,
    };
    for (const pool of poolNames) pools[pool].push(party);
  };

  const special = (description: string, fullName: string, folder: string): MutableRecord => {
    const inn = legalInn();
    return counterpartyRecord(guids.next(), ++counterpartyCode, {
      parent: folderRefs.get(folder),
      description,
      fullName,
      kind: 'ЮридическоеЛицо',
      inn,
      kpp: `${inn.slice(0, 4)}01001`,
      countryRef: russiaRef,
    });
  };
  addParty(special('Казначейство России (ФНС России)', 'Казначейство России (ФНС России)', 'Бюджет'), 'ФНС России', false, 'tax');
  for (const bank of SIMULATED_BANKS.slice(0, 2)) addParty(special(bank.name, bank.name, 'Банки'), bank.name, false, 'bank');
  addParty(
    special(
      'ООО «Финансовая компания Меридиан»',
      'Общество с ограниченной ответственностью «Финансовая компания Меридиан»',
      'Прочие контрагенты',
    ),
    'ООО «ФК Меридиан»',
    false,
    'lender',
  );

  const nameRepeats = new Map<string, number>();
  for (let i = 0; i < contractors; i++) {
    const form = random.weighted(LEGAL_FORMS);
    const roleRoll = random.next();
    const folder = roleRoll < 0.4 ? 'Покупатели' : roleRoll < 0.85 ? 'Поставщики' : random.chance(0.5) ? 'Прочие контрагенты' : null;
    const deletionMark = random.chance(0.03);
    const poolsOf: (keyof Catalogs['pools'])[] =
      folder === 'Покупатели' ? ['customer'] : folder === 'Поставщики' ? ['supplier'] : ['customer', 'supplier'];
    if (form.short === 'ИП') {
      const person = randomPerson(random);
      const inn = personInn();
      const record = counterpartyRecord(guids.next(), ++counterpartyCode, {
        parent: folder === null ? undefined : folderRefs.get(folder),
        description: `ИП ${shortPersonName(person)}`,
        fullName: `${form.full} ${fullPersonName(person)}`,
        kind: 'ФизическоеЛицо',
        inn,
        kpp: '',
        countryRef: russiaRef,
        deletionMark,
      });
      addParty(record, `ИП ${shortPersonName(person)}`, random.chance(0.2), ...poolsOf);
    } else {
      // Only ~900 root+suffix pairs exist: number the repeats (Вектор Плюс, Вектор Плюс 2, …) so names stay unique.
      const base = random.pick(COMPANY_ROOTS) + random.pick(COMPANY_SUFFIXES);
      const repeat = (nameRepeats.get(base) ?? 0) + 1;
      nameRepeats.set(base, repeat);
      const name = repeat === 1 ? base : `${base} ${repeat}`;
      const inn = legalInn();
      const record = counterpartyRecord(guids.next(), ++counterpartyCode, {
        parent: folder === null ? undefined : folderRefs.get(folder),
        description: `${form.short} «${name}»`,
        fullName: `${form.full} «${name}»`,
        kind: 'ЮридическоеЛицо',
        inn,
        kpp: `${inn.slice(0, 4)}${random.chance(0.9) ? '01' : '43'}001`,
        countryRef: russiaRef,
        deletionMark,
      });
      addParty(record, `${form.short} «${name}»`, random.chance(0.85), ...poolsOf);
    }
  }

  const individuals: MutableRecord[] = [];
  const individualCount = Math.min(200, Math.max(3, Math.round(contractors / 20)));
  for (let i = 0; i < individualCount; i++) {
    const person = randomPerson(random);
    const ref = guids.next();
    individuals.push({
      Ref_Key: ref,
      DataVersion: '',
      DeletionMark: false,
      Parent_Key: EMPTY_GUID,
      IsFolder: false,
      Code: pad(i + 1, 10),
      Description: fullPersonName(person),
      ИНН: random.chance(0.8) ? personInn() : '',
      Пол: FEMALE_NAMES.includes(person.given) ? 'Женский' : 'Мужской',
      ДатаРождения: `${year - random.int(20, 65)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}T00:00:00`,
      Predefined: false,
      PredefinedDataName: '',
    });
    pools.employee.push({
      ref,
      type: 'Catalog_ФизическиеЛица',
      shortName: shortPersonName(person),
      accountRef: EMPTY_GUID,
      contractRef: EMPTY_GUID,
      contractText: '',
      vatPayer: false,
    });
  }

  return { currencies, counterparties, individuals, bankAccounts, organizationRef, rubRef, ownAccounts, pools };
}

function randomPerson(random: SeededRandom): PersonName {
  const surname = random.pick(MALE_SURNAMES);
  const father = random.pick(GIVEN_NAMES);
  if (random.chance(0.45))
    return { surname: femaleSurname(surname), given: random.pick(FEMALE_NAMES), patronymic: father.patronymicFemale };
  return { surname, given: random.pick(GIVEN_NAMES).male, patronymic: father.patronymicMale };
}

interface CounterpartyFields {
  folder?: boolean;
  parent?: string | undefined;
  description: string;
  fullName?: string;
  kind?: 'ЮридическоеЛицо' | 'ФизическоеЛицо';
  inn?: string;
  kpp?: string;
  countryRef?: string;
  deletionMark?: boolean;
}

function counterpartyRecord(ref: string, code: number, fields: CounterpartyFields): MutableRecord {
  const folder = fields.folder === true;
  return {
    Ref_Key: ref,
    DataVersion: '',
    DeletionMark: fields.deletionMark === true,
    Parent_Key: fields.parent ?? EMPTY_GUID,
    IsFolder: folder,
    Code: `00-${pad(code, 6)}`,
    Description: fields.description,
    НаименованиеПолное: fields.fullName ?? '',
    ЮридическоеФизическоеЛицо: fields.kind ?? '',
    ИНН: fields.inn ?? '',
    КПП: fields.kpp ?? '',
    КодПоОКПО: '',
    ОсновнойБанковскийСчет_Key: EMPTY_GUID,
    // BP 3.0 fills ГоловнойКонтрагент with the counterparty itself unless it is a branch.
    ГоловнойКонтрагент_Key: folder ? EMPTY_GUID : ref,
    СтранаРегистрации_Key: fields.countryRef ?? EMPTY_GUID,
    Комментарий: '',
    Predefined: false,
    PredefinedDataName: '',
  };
}
