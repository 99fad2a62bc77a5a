/**
 * The real Taskcast API with the monitoring (issue 14) for the component tests: GET /api/v1/metrics/summary over the
 * test server's own SQLite database (the minutes not rolled up yet are computed from the tasks table, so a task
 * that ran shows at once), beside scripted task types; the web client signed in as the admin.
 */
import { metricsSummaryRoutes } from '../../src/monitoring/index.js';
import { openTaskMinuteStore } from '../../src/store/index.js';
import { openTestSqlite } from '../../test/support/sqlite.js';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';
import { signIn, type ScriptedTaskType } from './liveServer';

/** A test server with the metrics summary that runs `types`, the web client signed in as its admin. */
export async function startLiveMonitoringServer(...types: ScriptedTaskType[]): Promise<TestServer> {
  const storage = await openTestSqlite();
  const store = openTaskMinuteStore(storage);
  const server = await startTestServer({
    storage,
    setup: (engine) => types.forEach((t) => t.define(engine)),
    plugins: [(app) => metricsSummaryRoutes(app, { store })],
  });
  const closeServer = server.close.bind(server);
  const live = Object.assign(server, {
    async close() {
      await closeServer();
      await storage.drop();
    },
  });
  signIn(live, live.admin);
  return live;
}
