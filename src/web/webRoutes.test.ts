import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';
import { isPagePath, webRoutes } from './webRoutes.js';

let dist: string;
let server: TestServer;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'taskcast-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Taskcast</title><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  server = await startTestServer({ plugins: [(app) => webRoutes(app, dist)] });
});
afterAll(async () => {
  await server?.close();
  await rm(dist, { recursive: true, force: true });
});

describe('serving the web app', () => {
  it('serves index.html at / and for every page path the app routes itself', async () => {
    for (const url of ['/', '/tasks', '/transactions?x=1', '/login', '/some/deep/page']) {
      const res = await server.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
    expect((await server.app.inject({ method: 'HEAD', url: '/tasks' })).statusCode).toBe(200);
  });

  it('serves the built files, hashed assets cached for a year', async () => {
    const js = await server.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await server.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('keeps the JSON 404 for unknown API paths, missing files and other methods', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['GET', '/api'],
      ['GET', '/assets/missing-file.js'],
      ['POST', '/tasks'],
    ] as const) {
      const res = await server.app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json()).toEqual({ detail: `Not found: ${method} ${url}` });
    }
  });

  it('answers API paths written in another case, with doubled slashes or encoded, with the JSON 404, not index.html', async () => {
    for (const url of [
      '/API/v1/tasks',
      '/Api/v1/nothing',
      '//api/v1/tasks',
      '//api',
      '///api/v1/x?y=1',
      '/%61pi/v1/nothing',
      '/%41PI/v1/x',
    ]) {
      const res = await server.app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json()).toHaveProperty('detail');
    }
  });

  it('leaves the API as it was: authentication still required', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/tasks' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toHaveProperty('detail');
  });

  it('tells page paths from file and API paths', () => {
    expect(isPagePath('/')).toBe(true);
    expect(isPagePath('/tasks?status=running')).toBe(true);
    expect(isPagePath('/api/v1/tasks')).toBe(false);
    expect(isPagePath('/api')).toBe(false);
    expect(isPagePath('/apis')).toBe(true);
    expect(isPagePath('/assets/app.js')).toBe(false);
    expect(isPagePath('/API/v1/tasks')).toBe(false);
    expect(isPagePath('//api/v1/tasks')).toBe(false);
    expect(isPagePath('/%61pi')).toBe(false);
    expect(isPagePath('/apidocs')).toBe(true);
  });
});

describe('the web app under the HTTP rate limit', () => {
  it('its files and pages are not counted: a page load fetches many at once', async () => {
    const limited = await startTestServer({ plugins: [(app) => webRoutes(app, dist)], rateLimit: { perSecond: 1, burst: 2 } });
    try {
      for (let i = 0; i < 20; i++) {
        for (const url of ['/', '/tasks', '/assets/index-abc123.js', '/favicon.svg']) {
          const res = await limited.app.inject({ method: 'GET', url });
          expect(res.statusCode, url).toBe(200);
          expect(res.headers.ratelimit, url).toBeUndefined();
        }
      }
      // The API beside them is limited.
      const api = () => limited.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
      expect([(await api()).statusCode, (await api()).statusCode, (await api()).statusCode]).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
