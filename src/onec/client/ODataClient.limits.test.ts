// Issue 10, items 2 and 3, at the client: record-level access rights (401 code 20, allowedOnly), the query-string
// budget and IIS's HTML 404 for a long query string, and the `in` operator 1C rejects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator/index.js';
import { ONEC_SETS, type WireRecord } from '../wire/index.js';
import { ODataClient } from './ODataClient.js';
import { ODataAccessDeniedError, ODataAuthError, ODataError, ODataUrlTooLongError } from './errors.js';
import { odataGuid } from './filterLiterals.js';
import { generateDataset } from '../simulator/dataset/generateDataset.js';

const SIM = { seed: 7, contractors: 40, documents: 300, from: '2025-01-01', to: '2025-03-31' };
const ORGANISATION = String(generateDataset(SIM).records[ONEC_SETS.incomingPayments][0]!.Организация_Key);
const OTHER_ORGANISATION = 'a0000000-0000-4000-8000-00000000000b';
const SET = ONEC_SETS.incomingPayments;

describe('ODataClient: access rights, URL length, unsupported operators', () => {
  let sim: RunningSimulator;
  let hidden: WireRecord;
  const client = (options: Partial<ConstructorParameters<typeof ODataClient>[0]> = {}) =>
    new ODataClient({ url: sim.url, user: 'бухгалтер', password: 'pw', baseDelayMs: 1, ...options });
  const requestsDuring = async (body: () => Promise<unknown>): Promise<{ count: number; statuses: number[]; error: unknown }> => {
    const before = sim.stats().odataRequests;
    const first = sim.stats().recentRequests.at(-1)?.number ?? 0;
    let error: unknown = null;
    await body().catch((e: unknown) => (error = e));
    const statuses = sim
      .stats()
      .recentRequests.filter((r) => r.number > first && r.odata)
      .map((r) => r.status ?? 0);
    return { count: sim.stats().odataRequests - before, statuses, error };
  };

  beforeAll(async () => {
    sim = await startSimulator({
      ...SIM,
      user: 'odata.user',
      password: 'secret',
      restrictedUser: { user: 'бухгалтер', password: 'pw', organisation: ORGANISATION },
    });
    const { Ref_Key: _r, DataVersion: _v, ...fields } = sim.data.list(SET)[0]!;
    hidden = sim.data.insert(SET, { ...fields, Организация_Key: OTHER_ORGANISATION, Number: 'ЧУЖ-1' });
  });
  afterAll(() => sim.close());

  it('a query touching records hidden by access rules fails once with an access error naming the set, not "wrong password"', async () => {
    const { count, statuses, error } = await requestsDuring(() => client().readPage(SET, { top: 10, skip: 0 }));
    expect(error).toBeInstanceOf(ODataAccessDeniedError);
    const access = error as ODataAccessDeniedError;
    expect(access).toMatchObject({ code: 'ONEC_ACCESS_DENIED', status: 401, retryable: false, what: SET });
    expect(access.message).toMatch(/нет прав на чтение/);
    expect(access.message).toContain(SET);
    expect(access.message).toContain('ONEC_ALLOWED_ONLY');
    expect(access.message).not.toMatch(/парол/);
    expect(count).toBe(1);
    expect(statuses).toEqual([401]);
    // $count and one entity by key are refused the same way; the set named without /$count.
    await expect(client().count(SET)).rejects.toMatchObject({ code: 'ONEC_ACCESS_DENIED', what: SET });
    await expect(client().getEntity(SET, String(hidden.Ref_Key))).rejects.toBeInstanceOf(ODataAccessDeniedError);
  });

  it('a wrong password is still an authentication error', async () => {
    await expect(client({ password: 'wrong' }).readPage(SET, { top: 1, skip: 0 })).rejects.toBeInstanceOf(ODataAuthError);
  });

  it('with allowedOnly every query skips the hidden records: pages, counts, by key, by refs', async () => {
    const limited = client({ allowedOnly: true });
    const visible = sim.data.list(SET).filter((r) => r.Организация_Key === ORGANISATION).length;
    expect(await limited.count(SET)).toBe(visible);
    const page = await limited.readPage(SET, { top: 10_000, skip: 0 });
    expect(page).toHaveLength(visible);
    expect(page.some((r) => r.Ref_Key === hidden.Ref_Key)).toBe(false);
    expect(await limited.getEntity(SET, String(hidden.Ref_Key))).toBeNull();
    const refs = [String(hidden.Ref_Key), String(page[0]!.Ref_Key)];
    const byRefs = [];
    for await (const r of limited.iterateByRefs(SET, refs)) byRefs.push(r.Ref_Key);
    expect(byRefs).toEqual([page[0]!.Ref_Key]);
    const urls = sim.stats().recentRequests.slice(-4);
    expect(urls.every((r) => r.url.includes('allowedOnly=true'))).toBe(true);
    // The full user sees everything, hidden records included.
    expect(await client({ user: 'odata.user', password: 'secret' }).count(SET)).toBe(sim.data.size(SET));
  });

  it('asks for many references in groups that keep every query string under the 1,500-byte budget', async () => {
    const all = sim.data.list(ONEC_SETS.counterparties).map((r) => String(r.Ref_Key));
    const refs = [...all, ...all.map((r) => `${r.slice(0, 30)}000000`)]; // half of them unknown to 1C
    const full = client({ user: 'odata.user', password: 'secret' });
    const first = sim.stats().recentRequests.at(-1)?.number ?? 0;
    const found = [];
    for await (const r of full.iterateByRefs(ONEC_SETS.counterparties, refs, { select: ['Ref_Key', 'Description'] })) found.push(r.Ref_Key);
    expect(found.sort()).toEqual([...all].sort());
    const sizes = sim
      .stats()
      .recentRequests.filter((r) => r.number > first)
      .map((r) => Buffer.byteLength(r.url.slice(r.url.indexOf('?') + 1)));
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1_500);
    expect(Math.max(...sizes)).toBeGreaterThan(1_300);
  });

  it('refuses to send a query string over the budget (nothing sent)', async () => {
    const refs = sim.data.list(SET).slice(0, 30);
    const filter = refs.map((r) => `Ref_Key eq ${odataGuid(String(r.Ref_Key))}`).join(' or ');
    const { count, error } = await requestsDuring(() =>
      client({ user: 'odata.user', password: 'secret' }).readPage(SET, { filter, top: 50, skip: 0 }),
    );
    expect(error).toBeInstanceOf(ODataUrlTooLongError);
    expect((error as ODataUrlTooLongError).limitBytes).toBe(1_500);
    expect((error as Error).message).toMatch(/слишком длинный для веб-сервера перед 1С/);
    expect(count).toBe(0);
  });

  it('past 2,048 bytes IIS answers its own HTML 404: reported as URL too long, not wrong address, and not retried', async () => {
    const refs = sim.data.list(SET).slice(0, 40);
    const filter = refs.map((r) => `Ref_Key eq ${odataGuid(String(r.Ref_Key))}`).join(' or ');
    const generous = client({ user: 'odata.user', password: 'secret', maxQueryBytes: 10_000 });
    const { statuses, error } = await requestsDuring(() => generous.readPage(SET, { filter, top: 50, skip: 0 }));
    expect(error).toBeInstanceOf(ODataUrlTooLongError);
    const tooLong = error as ODataUrlTooLongError;
    expect(tooLong.queryBytes).toBeGreaterThan(2_048);
    expect(tooLong).toMatchObject({ code: 'ONEC_URL_TOO_LONG', limitBytes: 2_048, retryable: false });
    expect(tooLong.message).toMatch(/HTML-страницей 404/);
    expect(statuses).toEqual([404]);
  });

  it('`in` in $filter is rejected with 400 code 14', async () => {
    const ref = odataGuid(String(sim.data.list(SET)[0]!.Ref_Key));
    const error = await client({ user: 'odata.user', password: 'secret' })
      .readPage(SET, { filter: `Ref_Key in (${ref})`, top: 1, skip: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ODataError);
    expect(error).toMatchObject({ status: 400, odataCode: '14', retryable: false });
  });
});
