// Issue 10: the quirks of real 1C (and the IIS in front of it) the simulator reproduces, seen on the wire: record-level
// access rights (401 code 20, allowedOnly), IIS's HTML 404 for a long query string, `in` rejected, and the request
// hook that changes data in the middle of a page sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, startSimulator, type HookedRequest, type RunningSimulator } from './index.js';
import { ONEC_SETS, type WireRecord } from '../wire/index.js';
import { rawGet } from '../../../test/onec/rawGet.js';

const FULL = { user: 'odata.user', password: 'secret' };
const LIMITED = { user: 'бухгалтер', password: 'pw' };
const OTHER = 'a0000000-0000-4000-8000-00000000000b';
const SET = ONEC_SETS.outgoingPayments;

describe('simulator quirks', () => {
  let sim: RunningSimulator;
  let hidden: WireRecord;
  const url = (query: string, path: string = encodeURIComponent(SET)) => `${sim.url}${path}?$format=json${query}`;

  beforeAll(async () => {
    // The limited user sees the generated organisation (the same seed generates the same data).
    const data = { seed: 3, contractors: 20, documents: 200, from: '2025-01-01', to: '2025-12-31' };
    const organisation = String(generateDataset(data).records[SET][0]!.Организация_Key);
    sim = await startSimulator({ ...data, ...FULL, restrictedUser: { ...LIMITED, organisation } });
    const { Ref_Key: _r, DataVersion: _v, ...fields } = sim.data.list(SET)[0]!;
    hidden = sim.data.insert(SET, { ...fields, Организация_Key: OTHER });
  });
  afterAll(() => sim.close());

  it('a restricted user touching a hidden record gets 401 with odata.error code 20; the full user sees everything', async () => {
    const refused = await rawGet(url(''), LIMITED);
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ 'odata.error': { code: '20' } });
    expect((await rawGet(url('&$top=1'), LIMITED)).status).toBe(401);
    expect((await rawGet(`${sim.url}${encodeURIComponent(SET)}/$count`, LIMITED)).status).toBe(401);
    expect((await rawGet(url('', `${encodeURIComponent(SET)}(guid'${String(hidden.Ref_Key)}')`), LIMITED)).status).toBe(401);
    const full = await rawGet(url(''), FULL);
    expect((full.json as { value: unknown[] }).value).toHaveLength(sim.data.size(SET));
    // Catalogs carry no organisation: not restricted.
    expect((await rawGet(url('', encodeURIComponent(ONEC_SETS.counterparties)), LIMITED)).status).toBe(200);
  });

  it('with allowedOnly=true the hidden records are skipped (collection, count, by key)', async () => {
    const page = await rawGet(url('&allowedOnly=true&$inlinecount=allpages'), LIMITED);
    const body = page.json as { 'odata.count': string; value: WireRecord[] };
    expect(body.value).toHaveLength(sim.data.size(SET) - 1);
    expect(body['odata.count']).toBe(String(sim.data.size(SET) - 1));
    expect(body.value.some((r) => r.Ref_Key === hidden.Ref_Key)).toBe(false);
    const count = await rawGet(`${sim.url}${encodeURIComponent(SET)}/$count?allowedOnly=true`, LIMITED);
    expect(count.text).toBe(String(sim.data.size(SET) - 1));
    const byKey = await rawGet(url('&allowedOnly=true', `${encodeURIComponent(SET)}(guid'${String(hidden.Ref_Key)}')`), LIMITED);
    expect(byKey.status).toBe(404);
    expect(byKey.json).toMatchObject({ 'odata.error': { code: '9' } });
  });

  it('a query string over 2,048 bytes gets IIS’s HTML 404 before 1C sees it', async () => {
    const refs = sim.data.list(SET).slice(0, 40);
    const filter = encodeURIComponent(refs.map((r) => `Ref_Key eq guid'${String(r.Ref_Key)}'`).join(' or '));
    const before = sim.stats().odataRequests;
    const answer = await rawGet(url(`&$filter=${filter}`), FULL);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.text).toContain('404.15');
    expect(answer.json).toBeUndefined();
    const shorter = encodeURIComponent(
      refs
        .slice(0, 20)
        .map((r) => `Ref_Key eq guid'${String(r.Ref_Key)}'`)
        .join(' or '),
    );
    expect((await rawGet(url(`&$filter=${shorter}`), FULL)).status).toBe(200);
    expect(sim.stats().odataRequests - before).toBe(2);
  });

  it('`in` in $filter is rejected with 400 code 14', async () => {
    const answer = await rawGet(url(`&$filter=${encodeURIComponent(`Ref_Key in (guid'${String(hidden.Ref_Key)}')`)}`), FULL);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ 'odata.error': { code: '14' } });
  });

  it('the request hook sees each authenticated request before it is answered, and the answer reflects its change', async () => {
    const seen: HookedRequest[] = [];
    const victim = sim.data.list(SET).find((r) => r.Ref_Key !== hidden.Ref_Key)!;
    sim.setRequestHook((request, data) => {
      seen.push(request);
      if (request.params.get('$skip') === '1') data.remove(SET, String(victim.Ref_Key));
    });
    try {
      const answer = await rawGet(url('&$orderby=Ref_Key&$top=1&$skip=1'), FULL);
      expect((answer.json as { value: WireRecord[] }).value).toHaveLength(1);
      expect(sim.data.get(SET, String(victim.Ref_Key))).toBeUndefined();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ path: SET, user: FULL.user, number: sim.stats().odataRequests });
      expect(seen[0]!.params.get('$orderby')).toBe('Ref_Key');
      // A refused login never reaches the hook.
      await rawGet(url(''), { user: 'x', password: 'y' });
      expect(seen).toHaveLength(1);
    } finally {
      sim.setRequestHook(null);
    }
  });
});
