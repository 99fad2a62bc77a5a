// The entity types the simulator publishes, with their properties and EDM types, in wire order. One source for
// $metadata, $filter type checks, $select/$orderby validation, defaults of inserted records and write validation.
import { ONEC_SETS, PAYMENT_ROWS_FIELD } from '../wire/index.js';
import type { OneCSetName } from '../wire/index.js';

/** EDM types used by 1C's standard OData interface for the published fields. */
export type EdmType = 'Edm.Guid' | 'Edm.String' | 'Edm.Boolean' | 'Edm.DateTime' | 'Edm.Decimal' | 'Edm.Int64';

/** One property of an entity type or a row type. */
export interface PropertySchema {
  /** Field name on the wire. */
  name: string;
  /** EDM type; Edm.Int64 travels as a JSON string, Edm.Decimal as a JSON number. */
  type: EdmType;
  /** True for the value part of a composite field; its type lives in `<name>_Type`. */
  composite?: true;
}

/** An inline tabular section. */
export interface CollectionSchema {
  /** Field name of the array. */
  name: string;
  /** Name of the row's complex type in $metadata. */
  rowType: string;
  /** Properties of one row. */
  rows: readonly PropertySchema[];
}

/** One published entity set. */
export interface EntitySchema {
  /** Set name, equal to the entity type name. */
  set: OneCSetName;
  /** Scalar properties in wire order. */
  properties: readonly PropertySchema[];
  /** Inline tabular sections. */
  collections: readonly CollectionSchema[];
  /** True for documents: records are kept sorted by Date for fast date-window queries. */
  dateIndexed: boolean;
}

const prop = (name: string, type: EdmType): PropertySchema => ({ name, type });
const guid = (name: string): PropertySchema => prop(name, 'Edm.Guid');
const text = (name: string): PropertySchema => prop(name, 'Edm.String');
const flag = (name: string): PropertySchema => prop(name, 'Edm.Boolean');
const date = (name: string): PropertySchema => prop(name, 'Edm.DateTime');
const composite = (name: string): PropertySchema[] => [{ name, type: 'Edm.String', composite: true }, text(`${name}_Type`)];

const COMMON_HEAD = [guid('Ref_Key'), text('DataVersion'), flag('DeletionMark')];
const PREDEFINED = [flag('Predefined'), text('PredefinedDataName')];

function bankDocument(set: OneCSetName): EntitySchema {
  return {
    set,
    properties: [
      ...COMMON_HEAD,
      text('Number'),
      date('Date'),
      flag('Posted'),
      text('ВидОперации'),
      guid('Организация_Key'),
      guid('СчетОрганизации_Key'),
      ...composite('Контрагент'),
      guid('СчетКонтрагента_Key'),
      guid('ДоговорКонтрагента_Key'),
      prop('СуммаДокумента', 'Edm.Decimal'),
      guid('ВалютаДокумента_Key'),
      text('НазначениеПлатежа'),
      text('НомерВходящегоДокумента'),
      date('ДатаВходящегоДокумента'),
      guid('СтатьяДвиженияДенежныхСредств_Key'),
      text('Комментарий'),
      guid('Ответственный_Key'),
    ],
    collections: [
      {
        name: PAYMENT_ROWS_FIELD,
        rowType: `${set}_${PAYMENT_ROWS_FIELD}_RowType`,
        rows: [
          guid('Ref_Key'),
          prop('LineNumber', 'Edm.Int64'),
          guid('ДоговорКонтрагента_Key'),
          text('СпособПогашенияЗадолженности'),
          prop('СуммаПлатежа', 'Edm.Decimal'),
          prop('КурсВзаиморасчетов', 'Edm.Decimal'),
          prop('КратностьВзаиморасчетов', 'Edm.Int64'),
          prop('СуммаВзаиморасчетов', 'Edm.Decimal'),
          text('СтавкаНДС'),
          prop('СуммаНДС', 'Edm.Decimal'),
          guid('СтатьяДвиженияДенежныхСредств_Key'),
        ],
      },
    ],
    dateIndexed: true,
  };
}

/** Schemas of every published set. */
export const ENTITY_SCHEMAS: Readonly<Record<OneCSetName, EntitySchema>> = {
  [ONEC_SETS.currencies]: {
    set: ONEC_SETS.currencies,
    properties: [
      ...COMMON_HEAD,
      text('Code'),
      text('Description'),
      text('НаименованиеПолное'),
      flag('ЗагружаетсяИзИнтернета'),
      ...PREDEFINED,
    ],
    collections: [],
    dateIndexed: false,
  },
  [ONEC_SETS.counterparties]: {
    set: ONEC_SETS.counterparties,
    properties: [
      ...COMMON_HEAD,
      guid('Parent_Key'),
      flag('IsFolder'),
      text('Code'),
      text('Description'),
      text('НаименованиеПолное'),
      text('ЮридическоеФизическоеЛицо'),
      text('ИНН'),
      text('КПП'),
      text('КодПоОКПО'),
      guid('ОсновнойБанковскийСчет_Key'),
      guid('ГоловнойКонтрагент_Key'),
      guid('СтранаРегистрации_Key'),
      text('Комментарий'),
      ...PREDEFINED,
    ],
    collections: [],
    dateIndexed: false,
  },
  [ONEC_SETS.individuals]: {
    set: ONEC_SETS.individuals,
    properties: [
      ...COMMON_HEAD,
      guid('Parent_Key'),
      flag('IsFolder'),
      text('Code'),
      text('Description'),
      text('ИНН'),
      text('Пол'),
      date('ДатаРождения'),
      ...PREDEFINED,
    ],
    collections: [],
    dateIndexed: false,
  },
  [ONEC_SETS.bankAccounts]: {
    set: ONEC_SETS.bankAccounts,
    properties: [
      ...COMMON_HEAD,
      ...composite('Owner'),
      text('Code'),
      text('Description'),
      text('НомерСчета'),
      guid('Банк_Key'),
      flag('Валютный'),
      guid('ВалютаДенежныхСредств_Key'),
      date('ДатаОткрытия'),
      date('ДатаЗакрытия'),
      ...PREDEFINED,
    ],
    collections: [],
    dateIndexed: false,
  },
  [ONEC_SETS.incomingPayments]: bankDocument(ONEC_SETS.incomingPayments),
  [ONEC_SETS.outgoingPayments]: bankDocument(ONEC_SETS.outgoingPayments),
};

/** The scalar property `name` of a schema, undefined when there is none. */
export function findProperty(schema: EntitySchema, name: string): PropertySchema | undefined {
  return schema.properties.find((property) => property.name === name);
}

/** The tabular section `name` of a schema, undefined when there is none. */
export function findCollection(schema: EntitySchema, name: string): CollectionSchema | undefined {
  return schema.collections.find((collection) => collection.name === name);
}
