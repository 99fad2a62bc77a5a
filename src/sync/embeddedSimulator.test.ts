/**
 * The embedded 1C simulator (ONEC_URL unset) honours ONEC_SIM_LATENCY_MS, as `npm run onec-sim` does: every OData
 * answer waits at least that long (a lower bound only: a loaded machine may add to it, never take from it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';
import { syncFeature } from './index.js';

describe('the embedded 1C simulator', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ features: [syncFeature as never], config: loadConfig({ ONEC_SIM_LATENCY_MS: '400' }) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers each OData request after ONEC_SIM_LATENCY_MS', async () => {
    const status = await fetch(`${server.url}/api/v1/sync-1c/status`, { headers: { authorization: `Bearer ${server.admin.token}` } });
    const { source, url } = (await status.json()) as { source: string; url: string };
    expect(source).toBe('simulator');
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      const answer = await fetch(`${url}Catalog_Контрагенты?$top=1&$format=json`);
      expect(answer.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    }
  });
});
