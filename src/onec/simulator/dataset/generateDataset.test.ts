import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_DATE, ONEC_SETS, ONEC_SET_NAMES, UNDEFINED_TYPE } from '../../wire/index.js';
import type { WireRecord } from '../../wire/index.js';
import { isValidInn, isValidKpp } from '../../taxIds/index.js';
import { ENTITY_SCHEMAS } from '../entitySchemas.js';
import { generateDataset } from './generateDataset.js';
import type { DatasetOptions } from './generateDataset.js';
import { isValidSettlementAccount, settlementAccountNumber } from './bankAccountNumber.js';
import { SIMULATED_BANKS } from './generateCatalogs.js';
import { INCOMING_OPERATION_KINDS, OUTGOING_OPERATION_KINDS } from './operationKinds.js';
import { CATEGORY } from './expectedCategories.js';

const OPTIONS: DatasetOptions = { seed: 42, contractors: 300, documents: 6000, from: '2025-01-01', to: '2025-12-31' };
const dataset = generateDataset(OPTIONS);
const counterparties = dataset.records[ONEC_SETS.counterparties];
const documents = [...dataset.records[ONEC_SETS.incomingPayments], ...dataset.records[ONEC_SETS.outgoingPayments]];

function fingerprint(options: DatasetOptions): string {
  return createHash('sha256')
    .update(JSON.stringify(generateDataset(options).records))
    .digest('hex');
}

describe('generated dataset', () => {
  it('gives every counterparty a valid INN (10 digits legal, 12 ИП) and a valid KPP for legal entities', () => {
    const items = counterparties.filter((c) => c.IsFolder === false);
    expect(items).toHaveLength(OPTIONS.contractors + 4);
    for (const c of items) {
      const inn = String(c.ИНН);
      expect(isValidInn(inn), `${String(c.Description)} ИНН ${inn}`).toBe(true);
      if (c.ЮридическоеФизическоеЛицо === 'ЮридическоеЛицо') {
        expect(inn).toHaveLength(10);
        expect(isValidKpp(String(c.КПП)), `${String(c.Description)} КПП ${String(c.КПП)}`).toBe(true);
        expect(String(c.КПП).slice(0, 4)).toBe(inn.slice(0, 4));
      } else {
        expect(inn).toHaveLength(12);
        expect(c.КПП).toBe('');
        expect(String(c.Description)).toMatch(/^ИП [А-ЯЁ][а-яё]+ [А-ЯЁ]\.[А-ЯЁ]\.$/);
      }
    }
    expect(new Set(items.map((c) => c.ИНН)).size).toBe(items.length);
  });

  it('has folders, deletion marks, ООО/АО/ИП names and individuals with valid INNs', () => {
    expect(counterparties.filter((c) => c.IsFolder === true).map((c) => c.Description)).toContain('Покупатели');
    expect(counterparties.some((c) => c.DeletionMark === true)).toBe(true);
    for (const prefix of ['ООО «', 'АО «', 'ИП ']) expect(counterparties.some((c) => String(c.Description).startsWith(prefix))).toBe(true);
    const individuals = dataset.records[ONEC_SETS.individuals];
    expect(individuals.length).toBeGreaterThanOrEqual(3);
    expect(individuals.filter((p) => p.ИНН !== '').every((p) => isValidInn(String(p.ИНН)) && String(p.ИНН).length === 12)).toBe(true);
  });

  it('gives bank accounts 20 digits with a valid control key', () => {
    for (const account of dataset.records[ONEC_SETS.bankAccounts]) {
      const number = String(account.НомерСчета);
      expect(number).toMatch(/^(40702|40802)810\d{12}$/);
      expect(
        SIMULATED_BANKS.some((bank) => isValidSettlementAccount(number, bank.bik)),
        number,
      ).toBe(true);
    }
    expect(settlementAccountNumber('044525225', '40702', '810', '00000000001')).toBe('40702810200000000001');
    expect(isValidSettlementAccount('40702810200000000001', '044525225')).toBe(true);
    expect(isValidSettlementAccount('40702810900000000001', '044525225')).toBe(false);
  });

  it('spreads documents over the period in date order with plausible operations, purposes and marks', () => {
    for (const set of [ONEC_SETS.incomingPayments, ONEC_SETS.outgoingPayments] as const) {
      const dates = dataset.records[set].map((d) => String(d.Date));
      expect(dates).toEqual([...dates].sort());
      expect(dates[0]?.slice(0, 7)).toBe('2025-01');
      expect(dates.at(-1)?.slice(0, 7)).toBe('2025-12');
      const kinds = new Set((set === ONEC_SETS.incomingPayments ? INCOMING_OPERATION_KINDS : OUTGOING_OPERATION_KINDS).map((k) => k.name));
      expect(dataset.records[set].every((d) => kinds.has(String(d.ВидОперации)))).toBe(true);
    }
    expect(documents.some((d) => d.Posted === false)).toBe(true);
    expect(documents.some((d) => d.DeletionMark === true)).toBe(true);
    expect(documents.filter((d) => d.DeletionMark === true).every((d) => d.Posted === false)).toBe(true);
    expect(documents.some((d) => d.Контрагент_Type === UNDEFINED_TYPE && d.Контрагент === '')).toBe(true);
    expect(documents.some((d) => d.Контрагент_Type === 'StandardODATA.Catalog_ФизическиеЛица')).toBe(true);
    expect(documents.some((d) => d.ДатаВходящегоДокумента === EMPTY_DATE)).toBe(true);
    expect(documents.every((d) => Number.isInteger(Math.round(Number(d.СуммаДокумента) * 100)) && Number(d.СуммаДокумента) > 0)).toBe(true);
    expect(documents.some((d) => !Number.isInteger(Number(d.СуммаДокумента)))).toBe(true);
    expect(documents.every((d) => String(d.НазначениеПлатежа).length > 10 && String(d.НазначениеПлатежа).length <= 210)).toBe(true);
    const salary = documents.find((d) => d.ВидОперации === 'ПеречислениеЗП');
    expect(salary?.НазначениеПлатежа).toMatch(/^Перечисление заработной платы за [а-я]+ \d{4}/);
    const supplier = documents.find((d) => d.ВидОперации === 'ОплатаПоставщику' && String(d.НазначениеПлатежа).includes('НДС (20%)'));
    expect(supplier?.НазначениеПлатежа).toMatch(/В т\.ч\. НДС \(20%\) [\d ]+,\d{2} руб\.$/);
  });

  it('numbers documents per set in date order and keeps payment rows consistent', () => {
    const incoming = dataset.records[ONEC_SETS.incomingPayments];
    expect(incoming.slice(0, 3).map((d) => d.Number)).toEqual(['0000-000001', '0000-000002', '0000-000003']);
    for (const doc of documents) {
      const rows = doc.РасшифровкаПлатежа as WireRecord[];
      if (rows.length === 0) continue;
      expect(rows.map((r) => r.LineNumber)).toEqual(rows.map((_, i) => String(i + 1)));
      expect(rows.reduce((sum, r) => sum + Number(r.СуммаПлатежа), 0)).toBeCloseTo(Number(doc.СуммаДокумента), 2);
      expect(rows.every((r) => r.Ref_Key === doc.Ref_Key)).toBe(true);
    }
  });

  it('writes exactly the schema fields, in schema order, with unique refs and DataVersions', () => {
    const refs = new Set<string>();
    const versions = new Set<string>();
    for (const set of ONEC_SET_NAMES) {
      const schema = ENTITY_SCHEMAS[set];
      const fields = [...schema.properties.map((p) => p.name), ...schema.collections.map((c) => c.name)];
      for (const record of dataset.records[set]) {
        expect(Object.keys(record)).toEqual(fields);
        refs.add(String(record.Ref_Key));
        versions.add(String(record.DataVersion));
      }
    }
    const total = ONEC_SET_NAMES.reduce((sum, set) => sum + dataset.records[set].length, 0);
    expect(refs.size).toBe(total);
    expect(versions.size).toBe(total);
  });

  it('knows the category each document is meant to have, beside the data and not in it', () => {
    expect(dataset.expectedCategories.size).toBe(documents.length);
    for (const d of documents) expect(dataset.expectedCategories.has(String(d.Ref_Key))).toBe(true);
    expect(new Set(dataset.expectedCategories.values())).toEqual(new Set(Object.values(CATEGORY)));
    const rentAsSupplier = documents.find(
      (d) => d.ВидОперации === 'ОплатаПоставщику' && String(d.НазначениеПлатежа).startsWith('Арендная плата'),
    );
    expect(dataset.expectedCategories.get(String(rentAsSupplier?.Ref_Key))).toBe(CATEGORY.rent);
    const kinds = new Set(documents.map((d) => d.ВидОперации));
    for (const kind of [
      'ПеречислениеЗаработнойПлатыРаботнику',
      'ПеречислениеДепонентов',
      'ПеречислениеНалогаЗаТретьихЛиц',
      'ВыдачаЗаймаКонтрагенту',
      'ВыдачаЗаймаРаботнику',
      'ВозвратЗаймаРаботником',
      'ОплатаОтФакторинговойКомпании',
    ])
      expect(kinds.has(kind), kind).toBe(true);
  });

  it('is deterministic: the same seed gives the same data, another seed different data', () => {
    const small = { ...OPTIONS, contractors: 40, documents: 500 };
    expect(fingerprint(small)).toBe(fingerprint(small));
    expect(fingerprint({ ...small, seed: 43 })).not.toBe(fingerprint(small));
  });

  it('generates 100 000 documents quickly', () => {
    // CPU time rather than wall time, so a busy machine running other suites does not make this fail.
    const started = process.cpuUsage();
    const big = generateDataset({ ...OPTIONS, contractors: 2000, documents: 100_000 });
    const used = process.cpuUsage(started);
    expect(big.records[ONEC_SETS.incomingPayments].length + big.records[ONEC_SETS.outgoingPayments].length).toBe(100_000);
    // About one second; the bound leaves room for slower CPUs.
    expect((used.user + used.system) / 1000).toBeLessThan(5000);
  });
});
