// Recursive-descent parser of $filter into a syntax tree. Precedence, lowest first: or, and, not, comparison.
// Arithmetic (add, sub, …), lambda operators and navigation paths are not part of what the simulator accepts.
import { queryOptionError } from '../errors.js';
import type { FilterToken } from './tokenizeFilter.js';
import { tokenizeFilter } from './tokenizeFilter.js';

/** Comparison operators of OData v3. */
export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** A literal value; datetime and guid keep their text, already validated later by the compiler. */
export type FilterLiteral =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'datetime'; value: string }
  | { type: 'guid'; value: string }
  | { type: 'null' };

/** A node of the syntax tree; `pos` is the 0-based position in the expression. */
export type FilterExpr =
  | { kind: 'logical'; op: 'and' | 'or'; left: FilterExpr; right: FilterExpr; pos: number }
  | { kind: 'not'; operand: FilterExpr; pos: number }
  | { kind: 'compare'; op: CompareOp; left: FilterExpr; right: FilterExpr; pos: number }
  | { kind: 'literal'; literal: FilterLiteral; pos: number }
  | { kind: 'property'; name: string; pos: number }
  | { kind: 'call'; name: string; args: FilterExpr[]; pos: number };

const COMPARE_OPS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const ARITHMETIC_OPS: readonly string[] = ['add', 'sub', 'mul', 'div', 'mod'];
const RESERVED: readonly string[] = ['and', 'or', 'not', ...COMPARE_OPS, ...ARITHMETIC_OPS];

/** Parses a $filter expression; throws a 400/14 ODataRequestError on a syntax error. */
export function parseFilter(source: string): FilterExpr {
  const parser = new Parser(tokenizeFilter(source));
  const expr = parser.parseOr();
  parser.expectEnd();
  return expr;
}

class Parser {
  readonly #tokens: FilterToken[];
  #index = 0;

  constructor(tokens: FilterToken[]) {
    this.#tokens = tokens;
  }

  parseOr(): FilterExpr {
    let left = this.parseAnd();
    while (this.#isKeyword('or')) {
      const pos = this.#next().pos;
      left = { kind: 'logical', op: 'or', left, right: this.parseAnd(), pos };
    }
    return left;
  }

  parseAnd(): FilterExpr {
    let left = this.parseNot();
    while (this.#isKeyword('and')) {
      const pos = this.#next().pos;
      left = { kind: 'logical', op: 'and', left, right: this.parseNot(), pos };
    }
    return left;
  }

  parseNot(): FilterExpr {
    if (this.#isKeyword('not')) {
      const pos = this.#next().pos;
      return { kind: 'not', operand: this.parseNot(), pos };
    }
    return this.parseComparison();
  }

  parseComparison(): FilterExpr {
    const left = this.parsePrimary();
    const token = this.#peek();
    // OData v3 has no `in`; 1C answers 400 with code 14 (cannot parse query options).
    if (token.kind === 'identifier' && token.text === 'in')
      throw queryOptionError(`оператор in не поддерживается (позиция ${token.pos + 1})`);
    if (token.kind === 'identifier' && COMPARE_OPS.includes(token.text)) {
      this.#next();
      return { kind: 'compare', op: token.text as CompareOp, left, right: this.parsePrimary(), pos: token.pos };
    }
    if (token.kind === 'identifier' && ARITHMETIC_OPS.includes(token.text)) {
      throw queryOptionError(`арифметическая операция ${token.text} не поддерживается (позиция ${token.pos + 1})`);
    }
    return left;
  }

  parsePrimary(): FilterExpr {
    const token = this.#next();
    switch (token.kind) {
      case 'punct':
        if (token.text === '(') {
          const inner = this.parseOr();
          this.#expectPunct(')');
          return inner;
        }
        throw this.#unexpected(token);
      case 'string':
        return { kind: 'literal', literal: { type: 'string', value: token.value }, pos: token.pos };
      case 'number':
        return { kind: 'literal', literal: { type: 'number', value: token.value }, pos: token.pos };
      case 'typed':
        if (token.prefix === 'datetime') return { kind: 'literal', literal: { type: 'datetime', value: token.value }, pos: token.pos };
        if (token.prefix === 'guid') return { kind: 'literal', literal: { type: 'guid', value: token.value }, pos: token.pos };
        throw queryOptionError(`литерал ${token.prefix}'…' не поддерживается (позиция ${token.pos + 1})`);
      case 'identifier':
        return this.#identifier(token);
      case 'end':
        throw queryOptionError('выражение оборвано');
    }
  }

  expectEnd(): void {
    const token = this.#peek();
    if (token.kind !== 'end') throw this.#unexpected(token);
  }

  #identifier(token: Extract<FilterToken, { kind: 'identifier' }>): FilterExpr {
    if (token.text === 'true' || token.text === 'false') {
      return { kind: 'literal', literal: { type: 'boolean', value: token.text === 'true' }, pos: token.pos };
    }
    if (token.text === 'null') return { kind: 'literal', literal: { type: 'null' }, pos: token.pos };
    if (RESERVED.includes(token.text)) throw this.#unexpected(token);
    const after = this.#peek();
    if (after.kind === 'punct' && after.text === '(') {
      this.#next();
      const args: FilterExpr[] = [];
      if (!(this.#peek().kind === 'punct' && (this.#peek() as { text: string }).text === ')')) {
        args.push(this.parseOr());
        while (this.#peek().kind === 'punct' && (this.#peek() as { text: string }).text === ',') {
          this.#next();
          args.push(this.parseOr());
        }
      }
      this.#expectPunct(')');
      return { kind: 'call', name: token.text, args, pos: token.pos };
    }
    return { kind: 'property', name: token.text, pos: token.pos };
  }

  #peek(): FilterToken {
    return this.#tokens[this.#index] ?? { kind: 'end', pos: 0 };
  }

  #next(): FilterToken {
    const token = this.#peek();
    if (this.#index < this.#tokens.length - 1) this.#index++;
    return token;
  }

  #isKeyword(word: string): boolean {
    const token = this.#peek();
    return token.kind === 'identifier' && token.text === word;
  }

  #expectPunct(text: ')' | ','): void {
    const token = this.#next();
    if (token.kind !== 'punct' || token.text !== text) {
      throw queryOptionError(`ожидается «${text}» в позиции ${token.pos + 1}`);
    }
  }

  #unexpected(token: FilterToken): Error {
    const shown =
      token.kind === 'identifier' || token.kind === 'punct'
        ? token.text
        : token.kind === 'end'
          ? 'конец выражения'
          : token.kind === 'number'
            ? String(token.value)
            : `'${token.value}'`;
    return queryOptionError(`неожиданное «${shown}» в позиции ${token.pos + 1}`);
  }
}
