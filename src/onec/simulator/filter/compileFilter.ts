// Type-checks a parsed $filter against an entity schema and turns it into a predicate, plus the Date bounds it
// implies so the store can pre-select a date range instead of testing every document. Rules follow 1C: references
// compare only with eq/ne (no gt/lt), composite fields only with cast(guid'…', 'Type'), dates only with datetime'…'.
import { DATE_TIME_PATTERN, GUID_PATTERN, TYPE_NAMESPACE } from '../../wire/index.js';
import type { WireRecord } from '../../wire/index.js';
import type { EntitySchema } from '../entitySchemas.js';
import { queryOptionError } from '../errors.js';
import type { DateBounds } from '../SimulatorData.js';
import type { CompareOp, FilterExpr } from './parseFilter.js';
import { parseFilter } from './parseFilter.js';

/** A compiled filter: the predicate and the inclusive Date range outside which nothing can match. */
export interface CompiledFilter {
  matches(record: WireRecord): boolean;
  dateBounds: DateBounds;
}

type ValueType = 'string' | 'number' | 'boolean' | 'datetime' | 'guid' | 'composite';

interface CompositeRef {
  ref: string;
  type: string;
}

interface CompiledValue {
  type: ValueType;
  get(record: WireRecord): unknown;
}

const TYPE_NAMES: Readonly<Record<ValueType, string>> = {
  string: 'строка',
  number: 'число',
  boolean: 'булево',
  datetime: 'дата',
  guid: 'ссылка (guid)',
  composite: 'составное поле',
};

/** Parses and compiles a $filter for a set; throws a 400/14 ODataRequestError on anything unsupported. */
export function compileFilter(source: string, schema: EntitySchema): CompiledFilter {
  const expr = parseFilter(source);
  const compiler = new FilterCompiler(schema);
  const matches = compiler.predicate(expr);
  return { matches, dateBounds: schema.dateIndexed ? dateBoundsOf(expr) : {} };
}

class FilterCompiler {
  readonly #schema: EntitySchema;

  constructor(schema: EntitySchema) {
    this.#schema = schema;
  }

  predicate(expr: FilterExpr): (record: WireRecord) => boolean {
    switch (expr.kind) {
      case 'logical': {
        const left = this.predicate(expr.left);
        const right = this.predicate(expr.right);
        return expr.op === 'and' ? (r) => left(r) && right(r) : (r) => left(r) || right(r);
      }
      case 'not': {
        const operand = this.predicate(expr.operand);
        return (r) => !operand(r);
      }
      case 'compare':
        return this.#compare(expr.op, expr.left, expr.right, expr.pos);
      default: {
        const value = this.value(expr);
        if (value.type !== 'boolean') throw queryOptionError(`ожидается логическое выражение в позиции ${expr.pos + 1}`);
        return (r) => value.get(r) === true;
      }
    }
  }

  value(expr: FilterExpr): CompiledValue {
    switch (expr.kind) {
      case 'property':
        return this.#property(expr.name, expr.pos);
      case 'literal': {
        const { literal } = expr;
        switch (literal.type) {
          case 'null':
            throw queryOptionError(`сравнение с null не поддерживается (позиция ${expr.pos + 1})`);
          case 'datetime': {
            const value = normaliseDateTime(literal.value, expr.pos);
            return { type: 'datetime', get: () => value };
          }
          case 'guid': {
            const value = normaliseGuid(literal.value, expr.pos);
            return { type: 'guid', get: () => value };
          }
          default: {
            const value = literal.value;
            return { type: literal.type, get: () => value };
          }
        }
      }
      case 'call':
        return this.#call(expr.name, expr.args, expr.pos);
      default: {
        const predicate = this.predicate(expr);
        return { type: 'boolean', get: (r) => predicate(r) };
      }
    }
  }

  #property(name: string, pos: number): CompiledValue {
    if (this.#schema.collections.some((c) => c.name === name)) {
      throw queryOptionError(`табличную часть ${name} нельзя использовать в условии (позиция ${pos + 1})`);
    }
    const property = this.#schema.properties.find((p) => p.name === name);
    if (!property) throw queryOptionError(`у ${this.#schema.set} нет свойства ${name} (позиция ${pos + 1})`);
    if (property.composite) {
      const typeField = `${name}_Type`;
      return {
        type: 'composite',
        get: (r): CompositeRef => ({ ref: String(r[name]).toLowerCase(), type: stripNamespace(String(r[typeField])) }),
      };
    }
    switch (property.type) {
      case 'Edm.String':
        return { type: 'string', get: (r) => r[name] };
      case 'Edm.Guid':
        return { type: 'guid', get: (r) => String(r[name]).toLowerCase() };
      case 'Edm.DateTime':
        return { type: 'datetime', get: (r) => r[name] };
      case 'Edm.Boolean':
        return { type: 'boolean', get: (r) => r[name] };
      case 'Edm.Decimal':
        return { type: 'number', get: (r) => r[name] };
      case 'Edm.Int64':
        // Integers travel as strings; compare them as numbers.
        return { type: 'number', get: (r) => Number(r[name]) };
    }
  }

  #call(name: string, args: FilterExpr[], pos: number): CompiledValue {
    if (name === 'substringof') {
      if (args.length !== 2) throw queryOptionError(`substringof ожидает два аргумента (позиция ${pos + 1})`);
      const [needle, haystack] = args.map((arg) => this.value(arg)) as [CompiledValue, CompiledValue];
      if (needle.type !== 'string' || haystack.type !== 'string')
        throw queryOptionError(`аргументы substringof должны быть строками (позиция ${pos + 1})`);
      // 1C compares strings in queries case-insensitively (inferred); do the same for substring search.
      return {
        type: 'boolean',
        get: (r) =>
          String(haystack.get(r))
            .toLowerCase()
            .includes(String(needle.get(r)).toLowerCase()),
      };
    }
    if (name === 'cast') {
      const [target, typeArg] = args;
      if (
        args.length !== 2 ||
        target?.kind !== 'literal' ||
        target.literal.type !== 'guid' ||
        typeArg?.kind !== 'literal' ||
        typeArg.literal.type !== 'string'
      ) {
        throw queryOptionError(`поддерживается только cast(guid'…', 'Тип') (позиция ${pos + 1})`);
      }
      const typeName = stripNamespace(typeArg.literal.value);
      if (
        !/^(Catalog|Document|ChartOfAccounts|ChartOfCharacteristicTypes|ExchangePlan|BusinessProcess|Task)_[\p{L}\p{N}_]+$/u.test(typeName)
      ) {
        throw queryOptionError(`неизвестный тип ${typeArg.literal.value} в cast (позиция ${pos + 1})`);
      }
      const value: CompositeRef = { ref: normaliseGuid(target.literal.value, target.pos), type: typeName };
      return { type: 'composite', get: () => value };
    }
    throw queryOptionError(`функция ${name} не поддерживается (позиция ${pos + 1})`);
  }

  #compare(op: CompareOp, leftExpr: FilterExpr, rightExpr: FilterExpr, pos: number): (record: WireRecord) => boolean {
    const left = this.value(leftExpr);
    const right = this.value(rightExpr);
    const where = `(позиция ${pos + 1})`;
    if (left.type !== right.type) {
      const hint = left.type === 'composite' || right.type === 'composite' ? "; для составного поля используйте cast(guid'…', 'Тип')" : '';
      throw queryOptionError(`нельзя сравнивать ${TYPE_NAMES[left.type]} и ${TYPE_NAMES[right.type]} ${where}${hint}`);
    }
    const ordered = op !== 'eq' && op !== 'ne';
    if (ordered && (left.type === 'guid' || left.type === 'composite' || left.type === 'boolean')) {
      throw queryOptionError(`${TYPE_NAMES[left.type]} можно сравнивать только через eq и ne ${where}`);
    }
    if (left.type === 'composite') {
      const same = (r: WireRecord): boolean => {
        const a = left.get(r) as CompositeRef;
        const b = right.get(r) as CompositeRef;
        return a.ref === b.ref && a.type === b.type;
      };
      return op === 'eq' ? same : (r) => !same(r);
    }
    const l = left.get;
    const r = right.get;
    switch (op) {
      case 'eq':
        return (x) => l(x) === r(x);
      case 'ne':
        return (x) => l(x) !== r(x);
      case 'gt':
        return (x) => (l(x) as number | string) > (r(x) as number | string);
      case 'ge':
        return (x) => (l(x) as number | string) >= (r(x) as number | string);
      case 'lt':
        return (x) => (l(x) as number | string) < (r(x) as number | string);
      case 'le':
        return (x) => (l(x) as number | string) <= (r(x) as number | string);
    }
  }
}

function stripNamespace(typeName: string): string {
  return typeName.startsWith(`${TYPE_NAMESPACE}.`) ? typeName.slice(TYPE_NAMESPACE.length + 1) : typeName;
}

function normaliseGuid(value: string, pos: number): string {
  if (!GUID_PATTERN.test(value)) throw queryOptionError(`неверный GUID «${value}» (позиция ${pos + 1})`);
  return value.toLowerCase();
}

// 1C writes whole seconds; accept hh:mm and fractions too and compare in the wire form YYYY-MM-DDTHH:MM:SS.
function normaliseDateTime(value: string, pos: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?$/.exec(value);
  const normal = match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6] ?? '00'}` : '';
  if (!match || !DATE_TIME_PATTERN.test(normal) || !isValidDateTime(match)) {
    throw queryOptionError(`неверная дата datetime'${value}' (позиция ${pos + 1}); ожидается ГГГГ-ММ-ДДTчч:мм:сс`);
  }
  return normal;
}

function isValidDateTime(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

// Bounds on Date from the top-level `and` chain: `Date ge X` / `Date lt Y` (either operand order). Only ever a
// superset of the matches, because the full predicate is still applied to every candidate.
function dateBoundsOf(expr: FilterExpr): DateBounds {
  const bounds: DateBounds = {};
  const visit = (node: FilterExpr): void => {
    if (node.kind === 'logical' && node.op === 'and') {
      visit(node.left);
      visit(node.right);
      return;
    }
    if (node.kind !== 'compare') return;
    let op = node.op;
    let literal: FilterExpr = node.right;
    if (node.left.kind === 'literal' && node.right.kind === 'property') {
      literal = node.left;
      op = ({ eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' } as const)[op];
    } else if (!(node.left.kind === 'property' && node.left.name === 'Date')) return;
    if (node.left.kind === 'literal' && !(node.right.kind === 'property' && node.right.name === 'Date')) return;
    if (literal.kind !== 'literal' || literal.literal.type !== 'datetime') return;
    const value = normaliseDateTime(literal.literal.value, literal.pos);
    if (op === 'gt' || op === 'ge' || op === 'eq') bounds.from = bounds.from === undefined || value > bounds.from ? value : bounds.from;
    if (op === 'lt' || op === 'le' || op === 'eq') bounds.to = bounds.to === undefined || value < bounds.to ? value : bounds.to;
  };
  visit(expr);
  return bounds;
}
