import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator/index.js';
import type { RunningSimulator } from '../simulator/index.js';
import { BANK_DOCUMENT_SETS, ONEC_SETS } from '../wire/index.js';
import { ODataClient } from './ODataClient.js';
import { dateRangeFilter, monthWindows } from './dateWindows.js';
import { andFilters, odataBoolean, odataString } from './filterLiterals.js';
import { BANK_DOCUMENT_FIELDS, parseBankDocument } from './parsers/bankDocument.js';
import { rawGet } from '../../../test/onec/rawGet.js';

const YEAR = monthWindows('2025-01-01', '2025-12-31');

describe('ODataClient paging against the simulator', () => {
  let sim: RunningSimulator;
  let client: ODataClient;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, contractors: 40, documents: 3000, user: 'odata.user', password: 'secret' });
    // Documents exactly on window edges: the last second of January and the first of February.
    sim.data.insert(ONEC_SETS.incomingPayments, { Date: '2025-01-31T23:59:59', ВидОперации: 'ПрочееПоступление' });
    sim.data.insert(ONEC_SETS.incomingPayments, { Date: '2025-02-01T00:00:00', ВидОперации: 'ПрочееПоступление' });
    sim.data.insert(ONEC_SETS.outgoingPayments, { Date: '2025-12-31T23:59:59', ВидОперации: 'ПрочееСписание' });
    client = new ODataClient({ url: sim.url, user: 'odata.user', password: 'secret', pageSize: 97 });
  });
  afterAll(() => sim.close());

  it.each(BANK_DOCUMENT_SETS)('returns every %s record exactly once across month windows', async (set) => {
    const seen: string[] = [];
    for await (const record of client.iterateEntities(set, { windows: YEAR })) seen.push(String(record.Ref_Key));
    const expected = sim.data.list(set).map((record) => String(record.Ref_Key));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('pages with $top/$skip, $orderby=Ref_Key and a stable page size', async () => {
    const pages = [];
    for await (const page of client.iteratePages(ONEC_SETS.outgoingPayments, { windows: YEAR.slice(2, 3) })) pages.push(page);
    const total = await client.count(ONEC_SETS.outgoingPayments, dateRangeFilter(YEAR[2]!.from, YEAR[2]!.to));
    expect(total).toBeGreaterThan(97);
    expect(pages.map((p) => p.skip)).toEqual(pages.map((_, i) => i * 97));
    expect(pages.slice(0, -1).every((p) => p.records.length === 97)).toBe(true);
    expect(pages.reduce((sum, p) => sum + p.records.length, 0)).toBe(total);
    const refs = pages.flatMap((p) => p.records.map((r) => String(r.Ref_Key)));
    expect(refs).toEqual([...refs].sort());
  });

  it('with $inlinecount=allpages 1C ignores $top/$skip: the whole window comes in one page, read once', async () => {
    const before = sim.stats().odataRequests;
    const pages = [];
    for await (const page of client.iteratePages(ONEC_SETS.outgoingPayments, { windows: YEAR.slice(2, 3), withCount: true }))
      pages.push(page);
    const total = await client.count(ONEC_SETS.outgoingPayments, dateRangeFilter(YEAR[2]!.from, YEAR[2]!.to));
    expect(total).toBeGreaterThan(97);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ skip: 0, totalCount: total });
    expect(pages[0]!.records).toHaveLength(total);
    expect(sim.stats().odataRequests - before).toBe(2);
  });

  it('streams: one request per page consumed, not the whole period up front', async () => {
    const before = sim.stats().odataRequests;
    const pages = client.iteratePages(ONEC_SETS.incomingPayments, { windows: YEAR });
    const first = await pages.next();
    expect(first.done).toBe(false);
    expect(sim.stats().odataRequests - before).toBe(1);
    await pages.return(undefined);
  });

  it('sends the filter percent-encoded with %20, never +', async () => {
    const filter = andFilters(`DeletionMark eq ${odataBoolean(false)}`, `substringof(${odataString('налог')}, НазначениеПлатежа)`);
    const before = sim.stats().requests;
    const records = [];
    for await (const record of client.iterateEntities(ONEC_SETS.outgoingPayments, { filter, windows: YEAR.slice(0, 1) }))
      records.push(record);
    const urls = sim
      .stats()
      .recentRequests.filter((entry) => entry.number > before)
      .map((entry) => entry.url);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).toContain('%20');
      expect(url).not.toContain('+');
      expect(url).toContain('$format=json');
      expect(url).toContain('$orderby=Ref_Key');
    }
    expect(sim.stats().ignoredPlusFilters).toBe(0);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.DeletionMark === false && String(r.НазначениеПлатежа).toLowerCase().includes('налог'))).toBe(true);
  });

  it('would lose the filter if spaces were sent as + (1C ignores such a $filter)', async () => {
    const set = encodeURIComponent(ONEC_SETS.counterparties);
    const answer = await rawGet(`${sim.url}${set}?$format=json&$filter=IsFolder+eq+true`, { user: 'odata.user', password: 'secret' });
    const value = (answer.json as { value: unknown[] }).value;
    expect(value.length).toBe(sim.data.size(ONEC_SETS.counterparties));
    expect(sim.stats().ignoredPlusFilters).toBe(1);
  });

  it('selects only the fields the parser needs and parses every record of a window', async () => {
    const parsed = [];
    for await (const record of client.iterateEntities(ONEC_SETS.incomingPayments, {
      select: BANK_DOCUMENT_FIELDS,
      windows: YEAR.slice(0, 2),
    })) {
      expect(Object.keys(record).sort()).toEqual([...BANK_DOCUMENT_FIELDS].sort());
      parsed.push(parseBankDocument(ONEC_SETS.incomingPayments, record));
    }
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.every((doc) => doc.date >= '2025-01-01' && doc.date <= '2025-02-28' && doc.direction === 'in')).toBe(true);
  });

  it('counts with $count and matches the records in the simulator', async () => {
    const expected = sim.data.list(ONEC_SETS.counterparties).filter((r) => r.IsFolder === true).length;
    expect(await client.count(ONEC_SETS.counterparties, 'IsFolder eq true')).toBe(expected);
    expect(await client.count(ONEC_SETS.currencies)).toBe(sim.data.size(ONEC_SETS.currencies));
  });

  it('reads one entity by guid and turns 404 code 9 into null', async () => {
    const known = sim.data.list(ONEC_SETS.currencies)[0];
    const record = await client.getEntity(ONEC_SETS.currencies, String(known?.Ref_Key).toUpperCase(), { select: ['Code', 'Description'] });
    expect(record).toMatchObject({ Code: known?.Code, Description: known?.Description });
    expect(await client.getEntity(ONEC_SETS.currencies, '00000000-0000-0000-0000-00000000abcd')).toBeNull();
  });

  it('lists the published entity sets from the service document', async () => {
    expect(await client.listEntitySets()).toEqual(expect.arrayContaining([ONEC_SETS.counterparties, ONEC_SETS.incomingPayments]));
  });

  it('stops at the end of a window when the server ignores $top (no endless loop)', async () => {
    const ignoringTop: typeof fetch = (input, init) => fetch(String(input).replace(/&\$top=\d+/, ''), init);
    const careless = new ODataClient({ url: sim.url, user: 'odata.user', password: 'secret', pageSize: 2 }, { fetch: ignoringTop });
    let count = 0;
    for await (const record of careless.iterateEntities(ONEC_SETS.currencies)) if (record) count++;
    expect(count).toBe(sim.data.size(ONEC_SETS.currencies));
  });
});
