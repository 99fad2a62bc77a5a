import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index.js';
import type { RunningSimulator } from '../../simulator/index.js';
import { EMPTY_DATE, EMPTY_GUID, ONEC_SETS, UNDEFINED_TYPE } from '../../wire/index.js';
import type { ODataRecord } from '../../wire/index.js';
import { ODataClient } from '../ODataClient.js';
import { ODataRecordError } from '../errors.js';
import { parseBankDocument } from './bankDocument.js';
import { parseCounterparty, parseCurrency, parseIndividual } from './catalogs.js';
import { adminRequest } from '../../../../test/onec/rawGet.js';

describe('record parsers on records served by the simulator', () => {
  let sim: RunningSimulator;
  let client: ODataClient;

  const fetchRecord = async (set: string, ref: string): Promise<ODataRecord> => {
    const record = await client.getEntity(set, ref);
    if (!record) throw new Error(`${set} ${ref} not served`);
    return record;
  };
  // A fixture factory: a document written through the admin API, read back over OData.
  const documentWith = async (set: string, fields: Record<string, unknown>): Promise<ODataRecord> => {
    const inserted = await adminRequest(`${sim.adminUrl}records`, 'POST', { set, record: { Date: '2025-06-10T10:00:00', ...fields } });
    expect(inserted.status).toBe(201);
    return fetchRecord(set, String((inserted.body as { Ref_Key: string }).Ref_Key));
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, contractors: 60, documents: 800 });
    client = new ODataClient({ url: sim.url, user: 'any', password: 'any' });
  });
  afterAll(() => sim.close());

  it('parses every generated bank document of both sets', async () => {
    for (const set of [ONEC_SETS.incomingPayments, ONEC_SETS.outgoingPayments] as const) {
      for await (const record of client.iterateEntities(set)) {
        const document = parseBankDocument(set, record);
        expect(document.direction).toBe(set === ONEC_SETS.incomingPayments ? 'in' : 'out');
        expect(document.amount).toBe(Math.round(document.amount * 100) / 100);
        expect(document.paymentRows.reduce((sum, row) => sum + row.amount, 0)).toBeCloseTo(
          document.paymentRows.length ? document.amount : 0,
          2,
        );
      }
    }
  });

  it('normalises a full document: dates, amount, composite counterparty, rows with LineNumber from a string', async () => {
    const counterparty = sim.data.list(ONEC_SETS.counterparties).find((r) => r.IsFolder === false);
    const contract = 'aaaaaaaa-1111-11e0-8000-000000000001';
    const record = await documentWith(ONEC_SETS.incomingPayments, {
      Date: '2025-03-05T14:30:15',
      Posted: true,
      ВидОперации: 'ОплатаПокупателя',
      Контрагент: String(counterparty?.Ref_Key).toUpperCase(),
      Контрагент_Type: 'StandardODATA.Catalog_Контрагенты',
      ДоговорКонтрагента_Key: contract,
      СуммаДокумента: 1234.5,
      НазначениеПлатежа: 'Оплата по счету № 123 от 05.03.2025 за поставку товаров. В т.ч. НДС (20%) 205,75 руб.',
      НомерВходящегоДокумента: '512',
      ДатаВходящегоДокумента: '2025-03-04T00:00:00',
      РасшифровкаПлатежа: [
        { LineNumber: '2', ДоговорКонтрагента_Key: contract, СуммаПлатежа: 234.5, СтавкаНДС: 'НДС20', СуммаНДС: 39.08 },
        { LineNumber: '1', ДоговорКонтрагента_Key: contract, СуммаПлатежа: 1000, СтавкаНДС: 'НДС20', СуммаНДС: 166.67 },
      ],
    });
    const document = parseBankDocument(ONEC_SETS.incomingPayments, record);
    expect(document).toMatchObject({
      date: '2025-03-05',
      dateTime: '2025-03-05T14:30:15',
      posted: true,
      operationKind: 'ОплатаПокупателя',
      direction: 'in',
      amount: 1234.5,
      counterpartyRef: String(counterparty?.Ref_Key),
      counterpartyType: 'Catalog_Контрагенты',
      counterpartyWireType: 'Catalog_Контрагенты',
      contractRef: contract,
      incomingNumber: '512',
      incomingDate: '2025-03-04',
      accountRef: null,
    });
    expect(document.paymentRows.map((row) => [row.lineNumber, row.amount, row.vatRate])).toEqual([
      [1, 1000, 'НДС20'],
      [2, 234.5, 'НДС20'],
    ]);
  });

  it('turns an empty composite counterparty (StandardODATA.Undefined), empty refs and empty dates into null', async () => {
    const record = await documentWith(ONEC_SETS.outgoingPayments, { ВидОперации: 'ПереводНаДругойСчет' });
    expect(record).toMatchObject({
      Контрагент: '',
      Контрагент_Type: UNDEFINED_TYPE,
      ВалютаДокумента_Key: EMPTY_GUID,
      ДатаВходящегоДокумента: EMPTY_DATE,
    });
    const document = parseBankDocument(ONEC_SETS.outgoingPayments, record);
    expect(document).toMatchObject({
      counterpartyRef: null,
      counterpartyType: null,
      counterpartyWireType: null,
      currencyRef: null,
      incomingDate: null,
      paymentRows: [],
    });
  });

  it('recognises an individual as counterparty and keeps other types out of counterpartyRef', async () => {
    const person = sim.data.list(ONEC_SETS.individuals)[0];
    const salary = await documentWith(ONEC_SETS.outgoingPayments, {
      ВидОперации: 'ПеречислениеЗП',
      Контрагент: String(person?.Ref_Key),
      Контрагент_Type: 'StandardODATA.Catalog_ФизическиеЛица',
    });
    expect(parseBankDocument(ONEC_SETS.outgoingPayments, salary)).toMatchObject({
      counterpartyRef: person?.Ref_Key,
      counterpartyType: 'Catalog_ФизическиеЛица',
    });
    const organisation = await documentWith(ONEC_SETS.outgoingPayments, {
      ВидОперации: 'ПереводНаДругойСчет',
      Контрагент: 'bbbbbbbb-1111-11e0-8000-000000000002',
      Контрагент_Type: 'StandardODATA.Catalog_Организации',
    });
    expect(parseBankDocument(ONEC_SETS.outgoingPayments, organisation)).toMatchObject({
      counterpartyRef: null,
      counterpartyType: null,
      counterpartyWireType: 'Catalog_Организации',
    });
  });

  it('parses counterparties: folders, legal entities and ИП', async () => {
    const parsed = [];
    for await (const record of client.iterateEntities(ONEC_SETS.counterparties)) parsed.push(parseCounterparty(record));
    const folders = parsed.filter((c) => c.isFolder);
    expect(folders.length).toBeGreaterThan(0);
    expect(folders.every((f) => f.kind === null && f.inn === '')).toBe(true);
    const legal = parsed.filter((c) => c.kind === 'legal');
    const individual = parsed.filter((c) => c.kind === 'individual');
    expect(legal.every((c) => c.inn.length === 10 && c.kpp.length === 9)).toBe(true);
    expect(individual.length).toBeGreaterThan(0);
    expect(individual.every((c) => c.inn.length === 12 && c.kpp === '' && c.name.startsWith('ИП '))).toBe(true);
  });

  it('parses individuals and currencies (code as a string)', async () => {
    const individuals = [];
    for await (const record of client.iterateEntities(ONEC_SETS.individuals)) individuals.push(parseIndividual(record));
    expect(individuals.length).toBeGreaterThan(0);
    expect(individuals.every((p) => p.name.split(' ').length === 3)).toBe(true);
    const currencies = [];
    for await (const record of client.iterateEntities(ONEC_SETS.currencies)) currencies.push(parseCurrency(record));
    expect(currencies).toContainEqual(expect.objectContaining({ code: '643', name: 'руб.' }));
  });

  it('names the set, the Ref_Key and the field of a record it cannot parse', async () => {
    const record = await documentWith(ONEC_SETS.incomingPayments, { РасшифровкаПлатежа: [{ СуммаПлатежа: 10 }] });
    const ref = String(record.Ref_Key);
    const cases: [ODataRecord, string][] = [
      [{ ...record, СуммаДокумента: 'много' }, 'СуммаДокумента'],
      [{ ...record, Date: EMPTY_DATE }, 'Date'],
      [{ ...record, Контрагент: 'не-guid', Контрагент_Type: 'StandardODATA.Catalog_Контрагенты' }, 'Контрагент'],
      [
        { ...record, РасшифровкаПлатежа: [{ ...(record.РасшифровкаПлатежа as ODataRecord[])[0], LineNumber: 'первая' }] },
        'РасшифровкаПлатежа[1].LineNumber',
      ],
      [Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'Posted')), 'Posted'],
    ];
    for (const [broken, field] of cases) {
      let error: unknown;
      try {
        parseBankDocument(ONEC_SETS.incomingPayments, broken);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ODataRecordError);
      expect(error).toMatchObject({ set: ONEC_SETS.incomingPayments, refKey: ref, field, code: 'ONEC_RECORD_INVALID' });
      expect((error as Error).message).toContain(ref);
    }
  });

  it('accepts integers sent as numbers and amounts sent as strings', () => {
    const record = sim.data
      .list(ONEC_SETS.outgoingPayments)
      .find((r) => Array.isArray(r.РасшифровкаПлатежа) && r.РасшифровкаПлатежа.length > 0);
    const rows = (record?.РасшифровкаПлатежа ?? []) as ODataRecord[];
    const tweaked = {
      ...record,
      СуммаДокумента: String(record?.СуммаДокумента),
      РасшифровкаПлатежа: rows.map((row) => ({ ...row, LineNumber: 1 })),
    };
    const document = parseBankDocument(ONEC_SETS.outgoingPayments, tweaked);
    expect(document.amount).toBe(record?.СуммаДокумента);
    expect(document.paymentRows[0]?.lineNumber).toBe(1);
  });
});
