import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './index.js';
import type { RunningSimulator } from './index.js';
import { ONEC_SETS, ONEC_SET_NAMES } from '../wire/index.js';
import type { WireRecord } from '../wire/index.js';
import { rawGet } from '../../../test/onec/rawGet.js';

const AUTH = { user: 'odata.user', password: 'secret' };

describe('the simulated OData publication', () => {
  let sim: RunningSimulator;
  const get = (path: string, credentials: { user: string; password: string } | null = AUTH): ReturnType<typeof rawGet> =>
    rawGet(`${sim.url}${path}`, credentials ?? undefined);
  const set = (name: string): string => encodeURIComponent(name);

  beforeAll(async () => {
    sim = await startSimulator({ seed: 2, contractors: 25, documents: 400, ...AUTH, publication: 'bp' });
  });
  afterAll(() => sim.close());

  it('lives under /<publication>/odata/standard.odata/ on loopback', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bp\/odata\/standard\.odata\/$/);
  });

  it('answers the service document in JSON with $format=json and in AtomPub XML without', async () => {
    const json = await get('?$format=json');
    expect(json.status).toBe(200);
    expect((json.json as { value: { name: string }[] }).value.map((s) => s.name)).toEqual([...ONEC_SET_NAMES]);
    const xml = await get('');
    expect(xml.headers.get('content-type')).toContain('atomsvc+xml');
    expect(xml.text).toContain('<collection href="Catalog_Контрагенты">');
  });

  it('describes every entity type in $metadata (EDMX, namespace StandardODATA)', async () => {
    const answer = await get('$metadata');
    expect(answer.headers.get('content-type')).toContain('application/xml');
    expect(answer.text).toContain('Namespace="StandardODATA"');
    expect(answer.text).toContain('<EntityContainer Name="EnterpriseV8"');
    for (const name of ONEC_SET_NAMES) expect(answer.text).toContain(`<EntityType Name="${name}">`);
    expect(answer.text).toContain('<Property Name="LineNumber" Type="Edm.Int64"/>');
    expect(answer.text).toContain('Type="Collection(StandardODATA.Document_ПоступлениеНаРасчетныйСчет_РасшифровкаПлатежа_RowType)"');
    expect(answer.text).toContain('<Property Name="Контрагент_Type" Type="Edm.String"/>');
  });

  it('answers 406 with code 0 when $format=json is missing on data requests', async () => {
    const answer = await get(set(ONEC_SETS.currencies));
    expect(answer.status).toBe(406);
    expect(answer.json).toMatchObject({ 'odata.error': { code: '0' } });
  });

  it('gives $inlinecount as a string and then ignores $top/$skip, as 1C does', async () => {
    const answer = await get(`${set(ONEC_SETS.counterparties)}?$format=json&$inlinecount=allpages&$top=5&$skip=2&allowedOnly=true`);
    const body = answer.json as { 'odata.count': unknown; value: WireRecord[] };
    expect(body['odata.count']).toBe(String(sim.data.size(ONEC_SETS.counterparties)));
    expect(body.value).toHaveLength(sim.data.size(ONEC_SETS.counterparties));
  });

  it('pages with $top/$skip/$orderby', async () => {
    const answer = await get(`${set(ONEC_SETS.counterparties)}?$format=json&$orderby=Code desc&$top=5&$skip=2&allowedOnly=true`);
    const body = answer.json as { 'odata.metadata': string; value: WireRecord[] };
    expect(body['odata.metadata']).toBe(`${sim.url}$metadata#${ONEC_SETS.counterparties}`);
    const codes = sim.data
      .list(ONEC_SETS.counterparties)
      .map((r) => String(r.Code))
      .sort()
      .reverse();
    expect(body.value.map((r) => r.Code)).toEqual(codes.slice(2, 7));
  });

  it('orders by several fields', async () => {
    const answer = await get(`${set(ONEC_SETS.outgoingPayments)}?$format=json&$orderby=ВидОperации`);
    expect(answer.status).toBe(400);
    const ok = await get(
      `${set(ONEC_SETS.outgoingPayments)}?$format=json&$orderby=${encodeURIComponent('ВидОперации asc, СуммаДокумента desc')}&$select=ВидОперации,СуммаДокумента`,
    );
    const rows = (ok.json as { value: WireRecord[] }).value;
    const sorted = [...rows].sort((a, b) =>
      String(a.ВидОперации) < String(b.ВидОперации)
        ? -1
        : String(a.ВидОперации) > String(b.ВидОперации)
          ? 1
          : Number(b.СуммаДокумента) - Number(a.СуммаДокумента),
    );
    expect(rows).toEqual(sorted);
  });

  it('selects fields; a composite field brings its _Type', async () => {
    const answer = await get(`${set(ONEC_SETS.incomingPayments)}?$format=json&$top=3&$select=Ref_Key,Контрагент`);
    for (const record of (answer.json as { value: WireRecord[] }).value)
      expect(Object.keys(record)).toEqual(['Ref_Key', 'Контрагент', 'Контрагент_Type']);
    expect((await get(`${set(ONEC_SETS.incomingPayments)}?$format=json&$select=Нет`)).json).toMatchObject({
      'odata.error': { code: '14' },
    });
  });

  it('keeps the wire conventions: integers as strings, numbers with kopecks, inline rows', async () => {
    const answer = await get(
      `${set(ONEC_SETS.incomingPayments)}?$format=json&$filter=${encodeURIComponent("ВидОперации eq 'ОплатаПокупателя'")}&$top=1`,
    );
    const [record] = (answer.json as { value: WireRecord[] }).value;
    const rows = record?.РасшифровкаПлатежа as WireRecord[];
    expect(typeof record?.СуммаДокумента).toBe('number');
    expect(typeof record?.DataVersion).toBe('string');
    expect(rows[0]).toMatchObject({ LineNumber: '1', КратностьВзаиморасчетов: '1', Ref_Key: record?.Ref_Key });
  });

  it('answers SET/$count with the bare number as text, honouring $filter', async () => {
    const answer = await get(`${set(ONEC_SETS.counterparties)}/$count?$filter=${encodeURIComponent('IsFolder eq false')}`);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    expect(answer.text).toBe(String(sim.data.list(ONEC_SETS.counterparties).filter((r) => r.IsFolder === false).length));
  });

  it("serves a single entity by guid'…' and 404 with code 9 and a BOM when missing", async () => {
    const known = sim.data.list(ONEC_SETS.currencies)[0] as WireRecord;
    const found = await get(`${set(ONEC_SETS.currencies)}(guid'${String(known.Ref_Key)}')?$format=json`);
    expect(found.json).toMatchObject({ ...known, 'odata.metadata': `${sim.url}$metadata#${ONEC_SETS.currencies}/@Element` });
    const missing = await get(`${set(ONEC_SETS.currencies)}(guid'00000000-0000-0000-0000-0000000000ff')?$format=json`);
    expect(missing.status).toBe(404);
    expect(missing.bom).toBe(true);
    expect(missing.json).toEqual({ 'odata.error': { code: '9', message: { lang: 'ru', value: 'Экземпляр сущности не найден' } } });
  });

  it('answers errors for unknown sets, bad options, other methods and $expand', async () => {
    expect((await get('Catalog_Нет?$format=json')).json).toMatchObject({ 'odata.error': { code: '8' } });
    expect((await get(`${set(ONEC_SETS.currencies)}?$format=json&$top=-1`)).json).toMatchObject({ 'odata.error': { code: '14' } });
    expect((await get(`${set(ONEC_SETS.currencies)}?$format=json&$skiptoken=1`)).json).toMatchObject({ 'odata.error': { code: '14' } });
    expect((await get(`${set(ONEC_SETS.currencies)}?$format=json&$expand=Нечто`)).json).toMatchObject({ 'odata.error': { code: '0' } });
    const post = await fetch(`${sim.url}${set(ONEC_SETS.currencies)}?$format=json`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('odata.user:secret').toString('base64')}` },
    });
    expect(post.status).toBe(405);
  });

  it('demands Basic credentials: 401 without or with wrong ones', async () => {
    expect((await get('?$format=json', null)).status).toBe(401);
    expect((await get('?$format=json', { user: 'odata.user', password: 'wrong' })).status).toBe(401);
    expect((await get('?$format=json', { user: 'ODATA.USER', password: 'secret' })).status).toBe(401);
  });

  it('accepts any credentials when started without them', async () => {
    const open = await startSimulator({ documents: 10, contractors: 2 });
    try {
      expect((await rawGet(`${open.url}?$format=json`)).status).toBe(200);
      expect((await rawGet(`${open.url}?$format=json`, { user: 'кто угодно', password: '' })).status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('answers plain 404 outside the publication', async () => {
    expect((await rawGet(`${sim.origin}/other/odata/standard.odata/`)).status).toBe(404);
  });
});
