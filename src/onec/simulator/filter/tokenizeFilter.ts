// Tokenizer of $filter expressions in 1C's OData v3 dialect. Keywords (eq, and, true, …) come out as identifiers;
// the parser gives them meaning. Typed literals such as datetime'…' and guid'…' are single tokens.
import { queryOptionError } from '../errors.js';

/** One token with its position in the expression (0-based), for error messages. */
export type FilterToken =
  | { kind: 'identifier'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'typed'; prefix: string; value: string; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ','; pos: number }
  | { kind: 'end'; pos: number };

const IDENTIFIER_START = /[\p{L}_]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_./]/u;

/** Splits a $filter into tokens; throws a 400/14 ODataRequestError on a character it cannot place. */
export function tokenizeFilter(source: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let pos = 0;
  while (pos < source.length) {
    const char = source.charAt(pos);
    if (/\s/.test(char)) {
      pos++;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punct', text: char, pos });
      pos++;
    } else if (char === "'") {
      const { value, end } = readQuoted(source, pos);
      tokens.push({ kind: 'string', value, pos });
      pos = end;
    } else if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(source.charAt(pos + 1)))) {
      const match = /^-?\d+(\.\d+)?([mMdDlLfF])?/.exec(source.slice(pos));
      const text = match?.[0] ?? char;
      if (IDENTIFIER_PART.test(source.charAt(pos + text.length))) throw queryOptionError(`неверное число в позиции ${pos + 1}`);
      tokens.push({ kind: 'number', value: Number(text.replace(/[mMdDlLfF]$/, '')), pos });
      pos += text.length;
    } else if (IDENTIFIER_START.test(char)) {
      let end = pos + 1;
      while (end < source.length && IDENTIFIER_PART.test(source.charAt(end))) end++;
      const text = source.slice(pos, end);
      if (source.charAt(end) === "'") {
        const { value, end: after } = readQuoted(source, end);
        tokens.push({ kind: 'typed', prefix: text, value, pos });
        end = after;
      } else {
        tokens.push({ kind: 'identifier', text, pos });
      }
      pos = end;
    } else {
      throw queryOptionError(`неожиданный символ «${char}» в позиции ${pos + 1}`);
    }
  }
  tokens.push({ kind: 'end', pos });
  return tokens;
}

// A quoted literal starting at `start` (the opening quote); '' inside stands for one quote.
function readQuoted(source: string, start: number): { value: string; end: number } {
  let value = '';
  let pos = start + 1;
  for (;;) {
    const quote = source.indexOf("'", pos);
    if (quote < 0) throw queryOptionError(`незакрытая кавычка в позиции ${start + 1}`);
    value += source.slice(pos, quote);
    if (source.charAt(quote + 1) === "'") {
      value += "'";
      pos = quote + 2;
    } else {
      return { value, end: quote + 1 };
    }
  }
}
