import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../index.js';
import type { RunningSimulator } from '../index.js';
import { ONEC_SETS } from '../../wire/index.js';
import type { WireRecord } from '../../wire/index.js';
import { rawGet } from '../../../../test/onec/rawGet.js';
import { ENTITY_SCHEMAS } from '../entitySchemas.js';
import { compileFilter } from './compileFilter.js';

const DOCS = ONEC_SETS.outgoingPayments;

describe('$filter over HTTP', () => {
  let sim: RunningSimulator;
  let someCounterparty: string;
  let someDocument: WireRecord;

  const query = (set: string, filter: string): Promise<Awaited<ReturnType<typeof rawGet>>> =>
    rawGet(`${sim.url}${encodeURIComponent(set)}?$format=json&$inlinecount=allpages&$filter=${encodeURIComponent(filter)}`);
  const refsOf = (answer: Awaited<ReturnType<typeof rawGet>>): string[] =>
    ((answer.json as { value: WireRecord[] }).value ?? []).map((r) => String(r.Ref_Key)).sort();
  const expectedRefs = (set: typeof DOCS | typeof ONEC_SETS.counterparties, predicate: (r: WireRecord) => boolean): string[] =>
    sim.data
      .list(set)
      .filter(predicate)
      .map((r) => String(r.Ref_Key))
      .sort();

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, contractors: 30, documents: 1500 });
    someDocument = sim.data.list(DOCS).find((r) => r.Контрагент_Type === 'StandardODATA.Catalog_Контрагенты') as WireRecord;
    someCounterparty = String(someDocument.Контрагент);
    sim.data.insert(ONEC_SETS.counterparties, { Description: "ООО «Д'Артаньян и партнёры»", ИНН: '7700000000' });
  });
  afterAll(() => sim.close());

  const accepted: [string, typeof DOCS | typeof ONEC_SETS.counterparties, string | (() => string), (r: WireRecord) => boolean][] = [
    [
      'a date window',
      DOCS,
      "Date ge datetime'2025-03-01T00:00:00' and Date lt datetime'2025-04-01T00:00:00'",
      (r) => String(r.Date) >= '2025-03' && String(r.Date) < '2025-04',
    ],
    ['reversed operands', DOCS, "datetime'2025-11-30T00:00:00' le Date", (r) => String(r.Date) >= '2025-11-30'],
    [
      'dates with or, parentheses and not',
      DOCS,
      "(Date lt datetime'2025-01-10T00:00' or Date gt datetime'2025-12-20T00:00:00') and not Posted eq true",
      (r) => (String(r.Date) < '2025-01-10' || String(r.Date) > '2025-12-20') && r.Posted !== true,
    ],
    ['a boolean field alone', DOCS, 'DeletionMark', (r) => r.DeletionMark === true],
    [
      'numbers',
      DOCS,
      'СуммаДокумента gt 100000.50 and СуммаДокумента le 200000',
      (r) => Number(r.СуммаДокумента) > 100000.5 && Number(r.СуммаДокумента) <= 200000,
    ],
    [
      'strings',
      DOCS,
      "ВидОперации eq 'КомиссияБанка' or ВидОперации eq 'ПеречислениеНалога'",
      (r) => r.ВидОперации === 'КомиссияБанка' || r.ВидОперации === 'ПеречислениеНалога',
    ],
    [
      'substringof',
      DOCS,
      "substringof('ЗАРАБОТНОЙ', НазначениеПлатежа)",
      (r) => String(r.НазначениеПлатежа).toLowerCase().includes('заработной'),
    ],
    [
      'a quote escaped by doubling',
      ONEC_SETS.counterparties,
      "substringof('Д''Артаньян', Description)",
      (r) => String(r.Description).includes("Д'Артаньян"),
    ],
    ['a guid', DOCS, () => `Организация_Key eq guid'${String(someDocument.Организация_Key)}'`, () => true],
    [
      'a composite field with cast',
      DOCS,
      () => `Контрагент eq cast(guid'${someCounterparty.toUpperCase()}', 'Catalog_Контрагенты')`,
      (r) => r.Контрагент === someCounterparty,
    ],
    [
      'a composite field ne cast',
      DOCS,
      () => `Контрагент ne cast(guid'${someCounterparty}', 'StandardODATA.Catalog_Контрагенты')`,
      (r) => r.Контрагент !== someCounterparty,
    ],
    ['the type of a composite field', DOCS, "Контрагент_Type eq 'StandardODATA.Undefined'", (r) => r.Контрагент === ''],
    [
      'empty dates',
      DOCS,
      "ДатаВходящегоДокумента eq datetime'0001-01-01T00:00:00'",
      (r) => r.ДатаВходящегоДокумента === '0001-01-01T00:00:00',
    ],
    [
      'folders',
      ONEC_SETS.counterparties,
      'IsFolder eq true and DeletionMark eq false',
      (r) => r.IsFolder === true && r.DeletionMark === false,
    ],
  ];

  it.each(accepted)('accepts %s', async (_name, set, filter, predicate) => {
    const answer = await query(set, typeof filter === 'function' ? filter() : filter);
    expect(answer.status).toBe(200);
    const expected = expectedRefs(set, predicate);
    expect(refsOf(answer)).toEqual(expected);
    expect((answer.json as Record<string, unknown>)['odata.count']).toBe(String(expected.length));
  });

  const rejected: [string, string][] = [
    ['an unknown property', 'Сумма eq 1'],
    ['an unknown function', "startswith(Description, 'A')"],
    ['arithmetic', 'СуммаДокумента add 1 eq 2'],
    ['a guid compared with gt', "Организация_Key gt guid'00000000-0000-0000-0000-000000000000'"],
    ['a composite compared with a bare guid', "Контрагент eq guid'00000000-0000-0000-0000-000000000000'"],
    ['a date compared with a string', "Date ge '2025-01-01'"],
    ['an impossible date', "Date ge datetime'2025-02-30T00:00:00'"],
    ['a date without time', "Date ge datetime'2025-02-01'"],
    ['a bad guid', "Организация_Key eq guid'123'"],
    ['an unclosed quote', "ВидОперации eq 'abc"],
    ['an unbalanced parenthesis', '(Posted eq true'],
    ['a dangling operator', 'Posted eq'],
    ['a non-boolean filter', 'Number'],
    ['upper-case keywords', 'Posted EQ true'],
    ['null', 'Number eq null'],
    ['a tabular section', 'РасшифровкаПлатежа eq 1'],
    ['an unknown literal kind', "Date ge datetimeoffset'2025-01-01T00:00:00Z'"],
    ['a cast of a non-guid', "Контрагент eq cast('x', 'Catalog_Контрагенты')"],
    ['an odd character', 'Posted eq true;'],
  ];

  it.each(rejected)('rejects %s with 400, code 14 and a BOM', async (_name, filter) => {
    const answer = await query(DOCS, filter);
    expect(answer.status).toBe(400);
    expect(answer.bom).toBe(true);
    expect(answer.json).toMatchObject({ 'odata.error': { code: '14', message: { lang: 'ru' } } });
  });
});

describe('compileFilter date bounds', () => {
  const schema = ENTITY_SCHEMAS[DOCS];

  it('derives the date range from the top-level and chain', () => {
    expect(
      compileFilter("Date ge datetime'2025-01-01T00:00:00' and Date lt datetime'2025-02-01T00:00:00' and Posted eq true", schema)
        .dateBounds,
    ).toEqual({
      from: '2025-01-01T00:00:00',
      to: '2025-02-01T00:00:00',
    });
    expect(compileFilter("datetime'2025-05-01T00:00:00' gt Date", schema).dateBounds).toEqual({ to: '2025-05-01T00:00:00' });
  });

  it('does not narrow on or, not or other fields', () => {
    expect(compileFilter("Date ge datetime'2025-01-01T00:00:00' or Posted eq true", schema).dateBounds).toEqual({});
    expect(compileFilter("not Date ge datetime'2025-01-01T00:00:00'", schema).dateBounds).toEqual({});
    expect(compileFilter("ДатаВходящегоДокумента ge datetime'2025-01-01T00:00:00'", schema).dateBounds).toEqual({});
  });
});
