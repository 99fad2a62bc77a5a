/**
 * The two storage backends the hardening tests run on: a temporary SQLite file, and a fresh schema of the
 * test PostgreSQL (required when CI=true or TASKCAST_REQUIRE_PG=1, skipped with a message elsewhere).
 */
import type { Storage } from '../../../src/store/index.js';
import { openTestPostgres, shouldRunPostgres } from '../../support/postgres.js';
import { openTestSqlite } from '../../support/sqlite.js';
import { startSyncServer, type SyncTestServer } from '../../support/syncServer.js';

/** A backend: whether its tests run here, and how to open a migrated storage that `drop` removes. */
export interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  run: boolean;
  open(): Promise<Storage & { drop(): Promise<void> }>;
}

/** SQLite always; PostgreSQL when it answers or is required (then its tests fail loudly without it). */
export const BACKENDS: readonly Backend[] = [
  { name: 'SQLite', run: true, open: openTestSqlite },
  { name: 'PostgreSQL', run: await shouldRunPostgres(), open: openTestPostgres },
];

/** A server with the 1C sync on `backend`; `close` stops it and drops its storage. */
export async function startBackendServer(backend: Backend): Promise<SyncTestServer> {
  const storage = await backend.open();
  const server = await startSyncServer({ storage }).catch(async (err: unknown) => {
    await storage.drop();
    throw err;
  });
  const closeServer = server.close.bind(server);
  return Object.assign(server, {
    async close() {
      await closeServer();
      await storage.drop();
    },
  });
}
