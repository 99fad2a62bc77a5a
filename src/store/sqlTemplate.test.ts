import { describe, expect, it } from 'vitest';
import { sqlTemplate } from './sqlTemplate.js';

describe('sqlTemplate', () => {
  const files = {
    list: '-- list: the rows, filtered\nSELECT * FROM t /*where*/ ORDER BY id',
    bare: 'SELECT * FROM t',
    twice: 'SELECT * FROM t /*where*/ UNION SELECT * FROM u /*where*/',
  };

  it('fills the slot with the text given, the rest of the file kept as it is', () => {
    const list = sqlTemplate(files, 'list', 'where');
    expect(list('WHERE id = $1')).toBe('-- list: the rows, filtered\nSELECT * FROM t WHERE id = $1 ORDER BY id');
    expect(list('')).toBe('-- list: the rows, filtered\nSELECT * FROM t  ORDER BY id');
  });

  it('fails at once for a missing file, a file without the slot, or a slot held twice', () => {
    expect(() => sqlTemplate(files, 'absent', 'where')).toThrow(/absent\.sql/);
    expect(() => sqlTemplate(files, 'bare', 'where')).toThrow(/bare\.sql/);
    expect(() => sqlTemplate(files, 'twice', 'where')).toThrow(/twice\.sql/);
    expect(() => sqlTemplate(files, 'list', 'set')).toThrow(/list\.sql/);
  });
});
