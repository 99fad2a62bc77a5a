import { describe, expect, it } from 'vitest';
import type { ClassificationRule } from '../syncStore.js';
import { Classifier, ruleSpecificity } from './classifier.js';
import { foldCase, stems } from './normalize.js';
import { stem } from './stem.js';

const rule = (over: Partial<ClassificationRule>): ClassificationRule => ({
  id: 1,
  category_id: 1,
  priority: 100,
  direction: null,
  operation_kinds: null,
  keywords: null,
  counterparty_ref: null,
  ...over,
});

describe('text folding', () => {
  it('folds case and ё', () => {
    expect(foldCase('ЁЛКА Ёж')).toBe('елка еж');
  });

  it('gives word forms one stem', () => {
    expect(new Set(['аренда', 'аренды', 'аренду', 'арендой'].map(stem)).size).toBe(1);
    expect(new Set(['налог', 'налога', 'налогов', 'налогу'].map(stem)).size).toBe(1);
    expect(new Set(['заработная', 'заработной', 'заработную'].map(stem)).size).toBe(1);
    expect(new Set(['комиссия', 'комиссии', 'комиссию'].map(stem)).size).toBe(1);
    expect(stem('аренда')).not.toBe(stem('оплата'));
  });

  it('splits on punctuation and numbers stay', () => {
    expect(stems('Оплата по счёту №123, НДС-20%')).toEqual(['оплат', 'по', 'счет', '123', 'ндс', '20']);
  });
});

describe('Classifier', () => {
  const rules = [
    rule({ id: 1, category_id: 10, priority: 10, operation_kinds: ['ПеречислениеЗП'] }),
    rule({ id: 2, category_id: 20, priority: 20, keywords: ['арендная плата'] }),
    rule({ id: 3, category_id: 30, priority: 30, direction: 'in', keywords: ['оплата'] }),
    rule({ id: 4, category_id: 40, priority: 5, counterparty_ref: 'c-1', direction: 'out' }),
  ];
  const c = new Classifier(rules);
  const tx = { direction: 'out' as const, operation_kind: 'ПрочееСписание', purpose: '', counterparty_ref: null };

  it('matches the operation kind', () => {
    expect(c.classify({ ...tx, operation_kind: 'ПеречислениеЗП' })).toBe(10);
  });

  it('matches a keyword phrase in another word form, case and ё folded', () => {
    expect(c.classify({ ...tx, purpose: 'АРЕНДНОЙ ПЛАТЫ за март по договору 5' })).toBe(20);
    expect(c.classify({ ...tx, purpose: 'плата арендная' })).toBeNull();
  });

  it('requires every condition of a rule', () => {
    expect(c.classify({ ...tx, purpose: 'Оплата по счёту' })).toBeNull();
    expect(c.classify({ ...tx, direction: 'in', purpose: 'Оплата по счёту' })).toBe(30);
  });

  it('tries rules by priority', () => {
    expect(c.classify({ ...tx, counterparty_ref: 'c-1', operation_kind: 'ПеречислениеЗП' })).toBe(40);
  });

  it('falls back to the counterparty history, else nothing', () => {
    const history = new Map([['c-9', 77]]);
    expect(c.classify({ ...tx, counterparty_ref: 'c-9' }, history)).toBe(77);
    expect(c.classify({ ...tx, counterparty_ref: 'c-8' }, history)).toBeNull();
  });
});

describe('Classifier precedence: the more specific rule first, then priority, then id', () => {
  const tx = { direction: 'out' as const, operation_kind: 'ОплатаПоставщику', purpose: 'Оплата аренды за март', counterparty_ref: 'c-1' };

  it('counts operation kinds, keywords and counterparty, not direction', () => {
    expect(ruleSpecificity(rule({}))).toBe(0);
    expect(ruleSpecificity(rule({ direction: 'out' }))).toBe(0);
    expect(ruleSpecificity(rule({ operation_kinds: ['ОплатаПоставщику'], direction: 'out' }))).toBe(1);
    expect(ruleSpecificity(rule({ operation_kinds: ['ОплатаПоставщику'], keywords: ['аренда'] }))).toBe(2);
    expect(ruleSpecificity(rule({ operation_kinds: ['x'], keywords: ['y'], counterparty_ref: 'c-1' }))).toBe(3);
  });

  it('operation kind + keywords beats operation kind alone, whatever the priorities', () => {
    const c = new Classifier([
      rule({ id: 1, category_id: 10, priority: 1, direction: 'out', operation_kinds: ['ОплатаПоставщику'] }),
      rule({ id: 2, category_id: 20, priority: 500, operation_kinds: ['ОплатаПоставщику'], keywords: ['аренда'] }),
    ]);
    expect(c.classify(tx)).toBe(20);
    expect(c.classify({ ...tx, purpose: 'Оплата по счету за товары' })).toBe(10);
  });

  it('between rules equally specific, priority decides, then the older rule', () => {
    const c = new Classifier([
      rule({ id: 3, category_id: 30, priority: 20, keywords: ['аренда'] }),
      rule({ id: 1, category_id: 10, priority: 10, operation_kinds: ['ОплатаПоставщику'] }),
      rule({ id: 2, category_id: 20, priority: 10, counterparty_ref: 'c-1' }),
    ]);
    expect(c.classify(tx)).toBe(10);
    expect(c.classify({ ...tx, operation_kind: 'ПрочееСписание' })).toBe(20);
    expect(c.classify({ ...tx, operation_kind: 'ПрочееСписание', counterparty_ref: null })).toBe(30);
    const tie = new Classifier([
      rule({ id: 8, category_id: 80, keywords: ['аренда'] }),
      rule({ id: 7, category_id: 70, keywords: ['март'] }),
    ]);
    expect(tie.classify(tx)).toBe(70);
  });

  it('a rule with only a direction is a catch-all, tried after every other rule', () => {
    const c = new Classifier([
      rule({ id: 1, category_id: 10, priority: 0, direction: 'out' }),
      rule({ id: 2, category_id: 20, priority: 900, keywords: ['аренда'] }),
    ]);
    expect(c.classify(tx)).toBe(20);
    expect(c.classify({ ...tx, purpose: 'Без назначения' })).toBe(10);
  });
});
