import { loadConfig } from '../../src/config/index.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/onec/index.js';
import type { Storage } from '../../src/store/index.js';
import { syncFeature } from '../../src/sync/index.js';
import { startTestServer, type TestServer } from './testServer.js';

/** A test server with the 1C sync, talking over HTTP to its own simulator. */
export interface SyncTestServer extends TestServer {
  sim: RunningSimulator;
}

/** Starts a simulator (small data by default) and a server whose sync reads it. */
export async function startSyncServer(
  options: { sim?: SimulatorOptions; env?: Record<string, string>; storage?: Storage; concurrency?: number } = {},
): Promise<SyncTestServer> {
  const sim = await startSimulator({ seed: 7, contractors: 40, documents: 700, from: '2025-01-01', to: '2025-06-30', ...options.sim });
  const config = loadConfig({ ONEC_URL: sim.url, ONEC_TIMEOUT_MS: '2000', ONEC_MAX_ATTEMPTS: '3', ...options.env });
  const server = await startTestServer({
    features: [syncFeature],
    config,
    storage: options.storage,
    engine: { concurrency: options.concurrency ?? 4 },
  });
  const closeServer = server.close.bind(server);
  return Object.assign(server, {
    sim,
    async close() {
      await closeServer();
      await sim.close();
    },
  });
}
