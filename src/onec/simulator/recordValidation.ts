// Checks and completes records written to the simulator so a test cannot store something 1C would never send:
// every field must exist in the schema and have the wire form of its EDM type.
import { DATE_TIME_PATTERN, EMPTY_DATE, EMPTY_GUID, GUID_PATTERN, TYPE_NAMESPACE, UNDEFINED_TYPE } from '../wire/index.js';
import type { WireRecord, WireRow, WireScalar, WireValue } from '../wire/index.js';
import type { CollectionSchema, EntitySchema, PropertySchema } from './entitySchemas.js';
import { SimulatorRecordError } from './errors.js';

/** Fields a caller may not set: the key is fixed and DataVersion is the simulator's to change. */
const READ_ONLY = new Set(['Ref_Key', 'DataVersion']);

/** Merges `fields` into `base` (or schema defaults), checks every value and returns a complete record. */
export function buildRecord(
  schema: EntitySchema,
  base: WireRecord | null,
  fields: Readonly<Record<string, unknown>>,
  ref: string,
  dataVersion: string,
): WireRecord {
  for (const name of Object.keys(fields)) {
    if (READ_ONLY.has(name) && !(base === null && name === 'Ref_Key'))
      throw new SimulatorRecordError(`${schema.set}: поле ${name} нельзя изменить`);
    if (!schema.properties.some((p) => p.name === name) && !schema.collections.some((c) => c.name === name)) {
      throw new SimulatorRecordError(`${schema.set}: нет поля ${name}`);
    }
  }
  const record: Record<string, WireValue> = {};
  for (const property of schema.properties) {
    const value =
      property.name === 'Ref_Key' ? ref : property.name === 'DataVersion' ? dataVersion : pickValue(schema, property, base, fields);
    record[property.name] = value;
  }
  for (const collection of schema.collections) {
    record[collection.name] = Object.hasOwn(fields, collection.name)
      ? checkRows(schema, collection, fields[collection.name], ref)
      : ((base?.[collection.name] as readonly WireRow[] | undefined) ?? []);
  }
  checkComposites(schema, record);
  if (schema.dateIndexed && record.Date === EMPTY_DATE)
    throw new SimulatorRecordError(`${schema.set}: у документа должна быть дата (Date)`);
  return Object.freeze(record);
}

function pickValue(
  schema: EntitySchema,
  property: PropertySchema,
  base: WireRecord | null,
  fields: Readonly<Record<string, unknown>>,
): WireScalar {
  if (Object.hasOwn(fields, property.name)) return checkScalar(`${schema.set}.${property.name}`, property, fields[property.name]);
  const existing = base?.[property.name];
  if (existing !== undefined) return existing as WireScalar;
  return defaultValue(schema.properties, property);
}

function defaultValue(properties: readonly PropertySchema[], property: PropertySchema): WireScalar {
  if (property.composite) return '';
  if (property.name.endsWith('_Type') && properties.some((p) => p.composite && `${p.name}_Type` === property.name)) return UNDEFINED_TYPE;
  switch (property.type) {
    case 'Edm.Guid':
      return EMPTY_GUID;
    case 'Edm.Boolean':
      return false;
    case 'Edm.DateTime':
      return EMPTY_DATE;
    case 'Edm.Decimal':
      return 0;
    case 'Edm.Int64':
      return '0';
    case 'Edm.String':
      return '';
  }
}

/** Checks one scalar against its EDM type in wire form; returns it normalised (GUIDs lower-cased). */
export function checkScalar(where: string, property: PropertySchema, value: unknown): WireScalar {
  const bad = (expected: string): never => {
    throw new SimulatorRecordError(`${where}: ожидается ${expected}, получено ${JSON.stringify(value)}`);
  };
  if (property.composite) {
    if (value === '' || (typeof value === 'string' && GUID_PATTERN.test(value))) return value.toLowerCase();
    return bad('GUID или пустая строка (составное поле)');
  }
  switch (property.type) {
    case 'Edm.Guid':
      return typeof value === 'string' && GUID_PATTERN.test(value) ? value.toLowerCase() : bad('GUID');
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? value : bad('true/false');
    case 'Edm.DateTime':
      return typeof value === 'string' && DATE_TIME_PATTERN.test(value) ? value : bad('дата ГГГГ-ММ-ДДTчч:мм:сс');
    case 'Edm.Decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : bad('число');
    case 'Edm.Int64':
      // 1C sends integer types as strings; keep that convention in stored data.
      return typeof value === 'string' && /^-?\d{1,18}$/.test(value) ? value : bad('целое число строкой ("1")');
    case 'Edm.String':
      return typeof value === 'string' ? value : bad('строка');
  }
}

function checkRows(schema: EntitySchema, collection: CollectionSchema, value: unknown, ref: string): readonly WireRow[] {
  if (!Array.isArray(value)) throw new SimulatorRecordError(`${schema.set}.${collection.name}: ожидается массив строк`);
  return Object.freeze(
    value.map((row: unknown, index) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new SimulatorRecordError(`${schema.set}.${collection.name}[${index + 1}]: ожидается объект`);
      }
      const given = row as Record<string, unknown>;
      for (const name of Object.keys(given)) {
        if (!collection.rows.some((p) => p.name === name))
          throw new SimulatorRecordError(`${schema.set}.${collection.name}: нет поля ${name}`);
      }
      const complete: Record<string, WireScalar> = {};
      for (const property of collection.rows) {
        const where = `${schema.set}.${collection.name}[${index + 1}].${property.name}`;
        if (property.name === 'Ref_Key') complete.Ref_Key = ref;
        else if (Object.hasOwn(given, property.name)) complete[property.name] = checkScalar(where, property, given[property.name]);
        else complete[property.name] = property.name === 'LineNumber' ? String(index + 1) : defaultValue(collection.rows, property);
      }
      return Object.freeze(complete);
    }),
  );
}

function checkComposites(schema: EntitySchema, record: Record<string, WireValue>): void {
  for (const property of schema.properties) {
    if (!property.composite) continue;
    const value = record[property.name];
    const type = record[`${property.name}_Type`];
    if (typeof type !== 'string' || !(type === UNDEFINED_TYPE || type.startsWith(`${TYPE_NAMESPACE}.`))) {
      throw new SimulatorRecordError(`${schema.set}.${property.name}_Type: ожидается ${UNDEFINED_TYPE} или ${TYPE_NAMESPACE}.<Тип>`);
    }
    if ((value === '') !== (type === UNDEFINED_TYPE)) {
      throw new SimulatorRecordError(
        `${schema.set}.${property.name}: пустое значение допускается только с типом ${UNDEFINED_TYPE}, и наоборот`,
      );
    }
  }
}
