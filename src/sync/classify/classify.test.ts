import { describe, expect, it } from 'vitest';
import type { ClassificationRule } from '../../store/index.js';
import { Classifier } from './classifier.js';
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
