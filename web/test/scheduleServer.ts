/**
 * The real Taskcast API with scheduled tasks (issue 12) for the component tests: the schedules feature (its
 * routes and the node's scheduler) beside scripted task types, or beside the 1C sync and its simulator.
 */
import { loadConfig } from '../../src/config/index.js';
import { startSimulator } from '../../src/onec/index.js';
import { schedulesFeature } from '../../src/scheduler/index.js';
import { syncFeature } from '../../src/sync/index.js';
import type { SyncTestServer } from '../../test/support/syncServer.js';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';
import { signIn, type ScriptedTaskType } from './liveServer';

/** A test server with schedules that runs `types`, the web client signed in as its admin. */
export async function startLiveScheduleServer(...types: ScriptedTaskType[]): Promise<TestServer> {
  const server = await startTestServer({ setup: (engine) => types.forEach((t) => t.define(engine)), features: [schedulesFeature] });
  signIn(server, server.admin);
  return server;
}

/** A test server with schedules, the 1C sync and its simulator (the current year's data), signed in as the manager. */
export async function startLiveSyncScheduleServer(): Promise<SyncTestServer> {
  const year = new Date().getFullYear();
  const sim = await startSimulator({ seed: 7, contractors: 20, documents: 240, from: `${year}-01-01`, to: `${year}-12-31` });
  const config = loadConfig({ ONEC_URL: sim.url, ONEC_TIMEOUT_MS: '2000', ONEC_MAX_ATTEMPTS: '3' });
  const server = await startTestServer({ features: [syncFeature, schedulesFeature], config });
  const closeServer = server.close.bind(server);
  const live = Object.assign(server, {
    sim,
    async close() {
      await closeServer();
      await sim.close();
    },
  });
  signIn(live, live.manager);
  return live;
}
