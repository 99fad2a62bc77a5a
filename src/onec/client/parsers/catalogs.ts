// Catalog records the sync maps: counterparties (Catalog_Контрагенты), individuals (Catalog_ФизическиеЛица) and
// currencies (Catalog_Валюты).
import { ONEC_SETS } from '../../wire/index.js';
import type { ODataRecord } from '../../wire/index.js';
import { fail, readBoolean, readOptionalBoolean, readRef, readRefKey, readString, recordContext } from './wireReaders.js';

/** A counterparty (контрагент). Folders (isFolder) are groups, not counterparties; clients skip them. */
export interface Counterparty {
  /** Ref_Key. */
  ref: string;
  /** DataVersion. */
  dataVersion: string;
  /** DeletionMark. */
  deletionMark: boolean;
  /** IsFolder: a group of the hierarchy, not a counterparty. */
  isFolder: boolean;
  /** Parent_Key (the folder), null at the top. */
  parentRef: string | null;
  /** Code (9 characters in BP 3.0). */
  code: string;
  /** Description: the short name, e.g. ООО «Вектор». */
  name: string;
  /** НаименованиеПолное. */
  fullName: string;
  /** ИНН ('' when unknown). */
  inn: string;
  /** КПП ('' for individual entrepreneurs). */
  kpp: string;
  /** ЮридическоеФизическоеЛицо: 'legal' (ЮридическоеЛицо), 'individual' (ФизическоеЛицо); null for folders or when empty. */
  kind: 'legal' | 'individual' | null;
}

/** A natural person (физическое лицо): employees, accountable persons, shareholders. */
export interface Individual {
  /** Ref_Key. */
  ref: string;
  /** DataVersion. */
  dataVersion: string;
  /** DeletionMark. */
  deletionMark: boolean;
  /** IsFolder (false when the catalog is not hierarchical). */
  isFolder: boolean;
  /** Description: full name, e.g. Иванов Сергей Петрович. */
  name: string;
  /** ИНН, 12 digits or ''. */
  inn: string;
}

/** A currency. */
export interface Currency {
  /** Ref_Key. */
  ref: string;
  /** DataVersion. */
  dataVersion: string;
  /** DeletionMark. */
  deletionMark: boolean;
  /** Numeric ISO code as a string, e.g. "643". */
  code: string;
  /** Description, e.g. "руб." or "USD". */
  name: string;
}

/** Fields parseCounterparty reads; pass as `select`. */
export const COUNTERPARTY_FIELDS: readonly string[] = [
  'Ref_Key',
  'DataVersion',
  'DeletionMark',
  'IsFolder',
  'Parent_Key',
  'Code',
  'Description',
  'НаименованиеПолное',
  'ИНН',
  'КПП',
  'ЮридическоеФизическоеЛицо',
];

/** Fields parseIndividual reads; pass as `select`. */
export const INDIVIDUAL_FIELDS: readonly string[] = ['Ref_Key', 'DataVersion', 'DeletionMark', 'IsFolder', 'Description', 'ИНН'];

/** Fields parseCurrency reads; pass as `select`. */
export const CURRENCY_FIELDS: readonly string[] = ['Ref_Key', 'DataVersion', 'DeletionMark', 'Code', 'Description'];

/** Parses a Catalog_Контрагенты record; throws ODataRecordError naming the bad field. */
export function parseCounterparty(record: ODataRecord): Counterparty {
  const ctx = recordContext(ONEC_SETS.counterparties, record);
  const rawKind = readString(ctx, 'ЮридическоеФизическоеЛицо');
  let kind: Counterparty['kind'];
  if (rawKind === 'ЮридическоеЛицо') kind = 'legal';
  else if (rawKind === 'ФизическоеЛицо') kind = 'individual';
  else if (rawKind === '') kind = null;
  else fail(ctx, 'ЮридическоеФизическоеЛицо', `неизвестное значение «${rawKind}»`);
  return {
    ref: readRefKey(ctx),
    dataVersion: readString(ctx, 'DataVersion'),
    deletionMark: readBoolean(ctx, 'DeletionMark'),
    isFolder: readOptionalBoolean(ctx, 'IsFolder'),
    parentRef: Object.hasOwn(record, 'Parent_Key') ? readRef(ctx, 'Parent_Key') : null,
    code: readString(ctx, 'Code').trim(),
    name: readString(ctx, 'Description'),
    fullName: readString(ctx, 'НаименованиеПолное'),
    inn: readString(ctx, 'ИНН').trim(),
    kpp: readString(ctx, 'КПП').trim(),
    kind,
  };
}

/** Parses a Catalog_ФизическиеЛица record. */
export function parseIndividual(record: ODataRecord): Individual {
  const ctx = recordContext(ONEC_SETS.individuals, record);
  return {
    ref: readRefKey(ctx),
    dataVersion: readString(ctx, 'DataVersion'),
    deletionMark: readBoolean(ctx, 'DeletionMark'),
    isFolder: readOptionalBoolean(ctx, 'IsFolder'),
    name: readString(ctx, 'Description'),
    inn: readString(ctx, 'ИНН').trim(),
  };
}

/** Parses a Catalog_Валюты record. */
export function parseCurrency(record: ODataRecord): Currency {
  const ctx = recordContext(ONEC_SETS.currencies, record);
  return {
    ref: readRefKey(ctx),
    dataVersion: readString(ctx, 'DataVersion'),
    deletionMark: readBoolean(ctx, 'DeletionMark'),
    code: readString(ctx, 'Code').trim(),
    name: readString(ctx, 'Description'),
  };
}
