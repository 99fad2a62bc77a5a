/**
 * Input PostgreSQL cannot store — text with a NUL character (U+0000), ids beyond its INTEGER columns
 * (2^31 − 1) — is invalid input on both backends: 400 with a `detail` naming the field, never a 500 on
 * PostgreSQL and a 200 on SQLite. Issue 9, item 4.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/http.js';
import type { SyncTestServer } from '../support/syncServer.js';
import { BACKENDS, startBackendServer } from './support/backends.js';

const MAX_ID = 2 ** 31 - 1;
const NUL = '\u0000';

for (const backend of BACKENDS) {
  describe.runIf(backend.run)(`invalid input is a 400 naming the field (${backend.name})`, () => {
    let s: SyncTestServer;
    let category: number;
    let rule: number;

    beforeAll(async () => {
      s = await startBackendServer(backend);
      category = (await s.storage.sync.listCategories())[0]!.id;
      rule = (await s.storage.sync.listRules())[0]!.id;
    }, 60_000);

    afterAll(async () => {
      await s?.close();
    });

    /** Sends a request as admin and expects 400 with a detail that starts with `field`. */
    async function expect400(method: string, path: string, field: string, body?: unknown): Promise<void> {
      const res = await api(s, s.admin.token).request(path, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      expect({ status: res.status, detail: res.body?.detail }, `${method} ${path}`).toEqual({
        status: 400,
        detail: expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')}: `)),
      });
    }

    it.each([['/api/v1/bank-transactions'], ['/api/v1/bank-transactions/summary'], ['/api/v1/contractors']])(
      'a NUL in search of %s',
      async (path) => {
        await expect400('GET', `${path}?search=${encodeURIComponent(`ООО${NUL}`)}`, 'query.search');
        expect((await api(s, s.user.token).get(`${path}?search=${encodeURIComponent('ООО')}`)).status).toBe(200);
      },
    );

    it('a NUL in any other query text: the list of tasks, a repeated parameter', async () => {
      await expect400('GET', `/api/v1/tasks?task_type=${encodeURIComponent(`x${NUL}`)}`, 'query.task_type');
      await expect400('GET', `/api/v1/bank-transactions?search=a&search=${encodeURIComponent(NUL)}`, 'query.search');
    });

    it('a NUL in the log-in name or password', async () => {
      const anon = api(s);
      for (const [field, body] of [
        ['body.username', { username: `admin${NUL}`, password: s.admin.password }],
        ['body.password', { username: 'admin', password: `${s.admin.password}${NUL}` }],
      ] as const) {
        const res = await anon.post('/api/v1/auth/login', body);
        expect({ status: res.status, detail: res.body.detail }).toEqual({
          status: 400,
          detail: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}: `)),
        });
      }
      expect((await anon.post('/api/v1/auth/login', { username: 'admin', password: s.admin.password })).status).toBe(200);
    });

    it('a NUL in a new user', async () => {
      await expect400('POST', '/api/v1/users', 'body.username', { username: `ivan${NUL}`, password: 'long enough', role: 'user' });
      await expect400('POST', '/api/v1/users', 'body.password', { username: 'ivan', password: `long enough${NUL}`, role: 'user' });
    });

    it('a NUL in a category name, on creation and on change', async () => {
      await expect400('POST', '/api/v1/categories', 'body.name', { name: `Аренда${NUL}`, direction: 'out' });
      await expect400('PATCH', `/api/v1/categories/${category}`, 'body.name', { name: `${NUL}` });
      expect((await s.storage.sync.listCategories()).some((c) => c.name.includes(NUL))).toBe(false);
    });

    it('a NUL in a rule keyword or operation kind, on creation and on change', async () => {
      await expect400('POST', '/api/v1/classification-rules', 'body.keywords.1', {
        category_id: category,
        keywords: ['аренда', `офис${NUL}`],
      });
      await expect400('POST', '/api/v1/classification-rules', 'body.operation_kinds.0', {
        category_id: category,
        operation_kinds: [`Оплата${NUL}`],
      });
      await expect400('PATCH', `/api/v1/classification-rules/${rule}`, 'body.keywords.0', { keywords: [NUL] });
    });

    it.each([['/api/v1/bank-transactions'], ['/api/v1/bank-transactions/summary']])('category beyond the id range in %s', async (path) => {
      for (const bad of ['2147483648', '4294967296', '99999999999999999999', '0', '-1', '1e3']) {
        await expect400('GET', `${path}?category=${bad}`, 'query.category');
      }
      expect((await api(s, s.user.token).get(`${path}?category=${MAX_ID}`)).status).toBe(200);
      expect((await api(s, s.user.token).get(`${path}?category=${category}`)).status).toBe(200);
    });

    it.each([['categories'], ['classification-rules']])('PATCH and DELETE /api/v1/%s/{id} beyond the id range', async (what) => {
      const body = what === 'categories' ? { name: 'Новое имя' } : { priority: 5 };
      for (const bad of ['2147483648', '9007199254740993', '0', '-5', '1.5', 'abc']) {
        await expect400('PATCH', `/api/v1/${what}/${bad}`, 'params.id', body);
        await expect400('DELETE', `/api/v1/${what}/${bad}`, 'params.id');
      }
      // The largest id is valid input: there is just no such row.
      const admin = api(s, s.admin.token);
      const patch = await admin.request(`/api/v1/${what}/${MAX_ID}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(patch.status).toBe(404);
      expect((await admin.request(`/api/v1/${what}/${MAX_ID}`, { method: 'DELETE' })).status).toBe(404);
    });

    it('a URL longer than the HTTP parser takes: 431 as {detail}', async () => {
      const res = await api(s, s.user.token).get(`/api/v1/contractors?search=${'я'.repeat(3000)}`);
      expect(res.status).toBe(431);
      expect(res.body).toEqual({ detail: expect.stringContaining('too large') });
    });

    it('raw Cyrillic in the URL (not percent-encoded, as a hand-typed curl sends it): 400 {detail} saying how to encode it', async () => {
      const { port } = new URL(s.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write(
            Buffer.from(`GET /api/v1/contractors?search=ООО HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.user.token}\r\n\r\n`),
          ),
        );
        let text = '';
        socket.on('data', (d: Buffer) => (text += d.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ detail: expect.stringContaining('--data-urlencode') });
    });

    it('category ids in bodies beyond the id range', async () => {
      await expect400('POST', '/api/v1/classification-rules', 'body.category_id', { category_id: 2 ** 31, keywords: ['x'] });
      await expect400('PATCH', `/api/v1/classification-rules/${rule}`, 'body.category_id', { category_id: 2 ** 31 });
      await expect400('PATCH', '/api/v1/bank-transactions/00000000-0000-4000-8000-000000000000', 'body.category_id', {
        category_id: 2 ** 31,
      });
    });
  });
}
