import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './index.js';
import type { RunningSimulator } from './index.js';
import { ONEC_SETS } from '../wire/index.js';
import type { WireRecord } from '../wire/index.js';
import { adminRequest, rawGet } from '../../../test/onec/rawGet.js';

const DOCS = ONEC_SETS.incomingPayments;

describe('the admin API under /_sim/', () => {
  let sim: RunningSimulator;
  const recordUrl = (set: string, ref: string, suffix = ''): string => `${sim.adminUrl}records/${encodeURIComponent(set)}/${ref}${suffix}`;
  const odataEntity = async (set: string, ref: string): Promise<WireRecord | null> => {
    const answer = await rawGet(`${sim.url}${encodeURIComponent(set)}(guid'${ref}')?$format=json`);
    return answer.status === 404 ? null : (answer.json as WireRecord);
  };
  const windowRefs = async (from: string, to: string): Promise<string[]> => {
    const filter = encodeURIComponent(`Date ge datetime'${from}T00:00:00' and Date lt datetime'${to}T00:00:00'`);
    const answer = await rawGet(`${sim.url}${encodeURIComponent(DOCS)}?$format=json&$filter=${filter}`);
    return (answer.json as { value: WireRecord[] }).value.map((r) => String(r.Ref_Key));
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 9, contractors: 20, documents: 300 });
  });
  afterAll(() => sim.close());

  it('inserts a record with 1C empty values for missing fields and a fresh DataVersion', async () => {
    const { status, body } = await adminRequest(`${sim.adminUrl}records`, 'POST', {
      set: ONEC_SETS.counterparties,
      record: { Description: 'ООО «Новый»', ИНН: '7707083893', ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо' },
    });
    expect(status).toBe(201);
    const record = body as WireRecord;
    expect(record).toMatchObject({
      Description: 'ООО «Новый»',
      IsFolder: false,
      DeletionMark: false,
      Parent_Key: '00000000-0000-0000-0000-000000000000',
    });
    expect(await odataEntity(ONEC_SETS.counterparties, String(record.Ref_Key))).toMatchObject({
      Description: 'ООО «Новый»',
      DataVersion: record.DataVersion,
    });
  });

  it('changes DataVersion on every write, even one that changes nothing', async () => {
    const ref = String(sim.data.list(ONEC_SETS.counterparties)[10]?.Ref_Key);
    const versions = [String((await odataEntity(ONEC_SETS.counterparties, ref))?.DataVersion)];
    const renamed = await adminRequest(recordUrl(ONEC_SETS.counterparties, ref), 'PATCH', { Description: 'ООО «Переименованный»' });
    expect(renamed.status).toBe(200);
    versions.push(String((renamed.body as WireRecord).DataVersion));
    const unchanged = await adminRequest(recordUrl(ONEC_SETS.counterparties, ref), 'PATCH', {});
    versions.push(String((unchanged.body as WireRecord).DataVersion));
    const marked = await adminRequest(recordUrl(ONEC_SETS.counterparties, ref, '/delete-mark'), 'POST', {});
    expect(marked.body).toMatchObject({ DeletionMark: true, Description: 'ООО «Переименованный»' });
    versions.push(String((marked.body as WireRecord).DataVersion));
    const served = await odataEntity(ONEC_SETS.counterparties, ref);
    expect(served).toMatchObject({ DeletionMark: true, DataVersion: versions[3] });
    expect(new Set(versions).size).toBe(4);
  });

  it('unposts a document marked for deletion and can clear the mark', async () => {
    const posted = sim.data.list(DOCS).find((r) => r.Posted === true && r.DeletionMark === false) as WireRecord;
    const marked = await adminRequest(recordUrl(DOCS, String(posted.Ref_Key), '/delete-mark'), 'POST', { deletionMark: true });
    expect(marked.body).toMatchObject({ DeletionMark: true, Posted: false });
    const cleared = await adminRequest(recordUrl(DOCS, String(posted.Ref_Key), '/delete-mark'), 'POST', { deletionMark: false });
    expect(cleared.body).toMatchObject({ DeletionMark: false });
  });

  it('moves a document between date windows when its Date changes', async () => {
    const doc = sim.data.list(DOCS).find((r) => String(r.Date).startsWith('2025-04')) as WireRecord;
    const ref = String(doc.Ref_Key);
    expect(await windowRefs('2025-04-01', '2025-05-01')).toContain(ref);
    await adminRequest(recordUrl(DOCS, ref), 'PATCH', { Date: '2025-09-15T12:00:00' });
    expect(await windowRefs('2025-04-01', '2025-05-01')).not.toContain(ref);
    expect(await windowRefs('2025-09-01', '2025-10-01')).toContain(ref);
  });

  it('deletes physically: the entity answers 404 afterwards', async () => {
    const ref = String(sim.data.list(DOCS)[0]?.Ref_Key);
    expect((await adminRequest(recordUrl(DOCS, ref), 'DELETE')).status).toBe(204);
    expect(await odataEntity(DOCS, ref)).toBeNull();
    expect((await adminRequest(recordUrl(DOCS, ref), 'GET')).status).toBe(404);
  });

  it('rejects records that do not fit the schema and unknown sets', async () => {
    const ref = String(sim.data.list(DOCS)[1]?.Ref_Key);
    const cases: [string, string, unknown, number, string][] = [
      [recordUrl(DOCS, ref), 'PATCH', { Сумма: 1 }, 400, 'ONEC_SIM_RECORD_INVALID'],
      [recordUrl(DOCS, ref), 'PATCH', { СуммаДокумента: '100' }, 400, 'ONEC_SIM_RECORD_INVALID'],
      [recordUrl(DOCS, ref), 'PATCH', { DataVersion: 'x' }, 400, 'ONEC_SIM_RECORD_INVALID'],
      [recordUrl(DOCS, ref), 'PATCH', { Контрагент: '' }, 400, 'ONEC_SIM_RECORD_INVALID'],
      [recordUrl(DOCS, ref), 'PATCH', { РасшифровкаПлатежа: [{ LineNumber: 1 }] }, 400, 'ONEC_SIM_RECORD_INVALID'],
      [`${sim.adminUrl}records`, 'POST', { set: DOCS, record: { ВидОперации: 'Без даты' } }, 400, 'ONEC_SIM_RECORD_INVALID'],
      [`${sim.adminUrl}records`, 'POST', { set: 'Catalog_Нет', record: {} }, 404, 'UNKNOWN_SET'],
      [recordUrl(DOCS, '00000000-0000-0000-0000-0000000000aa'), 'PATCH', {}, 404, 'ONEC_SIM_RECORD_NOT_FOUND'],
    ];
    for (const [url, method, body, status, code] of cases) {
      const answer = await adminRequest(url, method, body);
      expect({ status: answer.status, code: (answer.body as { error: { code: string } }).error.code }).toEqual({ status, code });
    }
  });

  it('sets, reads and clears faults; bad settings name the field', async () => {
    const set = await adminRequest(`${sim.adminUrl}faults`, 'POST', { latencyMs: 5, failAtRequests: [3], errorRate: 0.25 });
    expect(set.body).toMatchObject({ latencyMs: 5, failAtRequests: [3], errorRate: 0.25, hang: 0 });
    const bad = await adminRequest(`${sim.adminUrl}faults`, 'POST', { errorRate: 2 });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { message: string } }).error.message).toContain('faults.errorRate');
    expect((await adminRequest(`${sim.adminUrl}faults`, 'POST', { explode: true })).status).toBe(400);
    const cleared = await adminRequest(`${sim.adminUrl}faults`, 'DELETE');
    expect(cleared.body).toMatchObject({ latencyMs: 0, failAtRequests: [], errorRate: 0 });
  });

  it('injects a seeded share of 500s with errorRate', async () => {
    sim.setFaults({ errorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await rawGet(`${sim.url}${encodeURIComponent(ONEC_SETS.currencies)}/$count`)).status);
    sim.clearFaults();
    const failures = statuses.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  it('applies latency to OData requests', async () => {
    sim.setFaults({ latencyMs: 120 });
    const started = performance.now();
    await rawGet(`${sim.url}?$format=json`);
    sim.clearFaults();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('counts requests in /_sim/stats', async () => {
    const before = (await adminRequest(`${sim.adminUrl}stats`, 'GET')).body as { odataRequests: number; requests: number };
    await rawGet(`${sim.url}?$format=json`);
    const after = (await adminRequest(`${sim.adminUrl}stats`, 'GET')).body as {
      odataRequests: number;
      requests: number;
      recentRequests: { url: string; status: number }[];
    };
    expect(after.odataRequests).toBe(before.odataRequests + 1);
    expect(after.requests).toBe(before.requests + 2);
    expect(after.recentRequests.at(-2)).toMatchObject({ url: expect.stringContaining('$format=json'), status: 200 });
  });

  it('refuses cross-site writes: a body must be JSON, and a foreign Origin gets 403', async () => {
    sim.clearFaults();
    const faultsUrl = `${sim.adminUrl}faults`;
    const host = new URL(sim.adminUrl).host;
    const send = async (method: string, headers: Record<string, string>, body?: string) => {
      const res = await fetch(faultsUrl, { method, headers, body });
      return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
    };
    const evil = JSON.stringify({ errorRate: 1 });
    // What a page on another site can send without a preflight: text/plain, form encoding, no type at all.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await send('POST', { 'content-type': type }, evil);
      expect({ type, status: answer.status, code: answer.body.error?.code }).toEqual({ type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    for (const origin of ['http://evil.example', 'https://' + host, 'null', `http://${host}.evil.example`]) {
      const answer = await send('POST', { 'content-type': 'application/json', origin }, evil);
      expect({ origin, status: answer.status, code: answer.body.error?.code }).toEqual({ origin, status: 403, code: 'FOREIGN_ORIGIN' });
      expect((await send('DELETE', { origin })).status).toBe(403);
    }
    expect(sim.faults().errorRate).toBe(0);
    // The simulator's own origin, and clients that send no Origin (curl, the tests, the sync client), still work.
    expect((await send('POST', { 'content-type': 'application/json; charset=utf-8', origin: `http://${host}` }, evil)).status).toBe(200);
    expect(sim.faults().errorRate).toBe(1);
    expect((await send('DELETE', {})).status).toBe(200);
    expect(sim.faults().errorRate).toBe(0);
  });
});
