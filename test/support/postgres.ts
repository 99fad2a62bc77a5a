import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { type PostgresStorage, openPostgres } from '../../src/store/index.js';

/** The PostgreSQL the tests use (trust auth on this machine and in CI). */
export const TEST_DATABASE_URL = process.env.TASKCAST_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * In CI (CI=true) or with TASKCAST_REQUIRE_PG=1 PostgreSQL is required: its tests fail when it is
 * missing. Elsewhere they are skipped with a visible message.
 */
export const PG_REQUIRED = process.env.CI === 'true' || process.env.TASKCAST_REQUIRE_PG === '1';

/** Whether PostgreSQL answers, checked once per test file. */
export async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    const msg = `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${String(err)}).`;
    if (PG_REQUIRED) console.error(`${msg} It is required here: the PostgreSQL tests will fail.`);
    else console.warn(`\n*** ${msg} PostgreSQL tests are SKIPPED. Set CI=true or TASKCAST_REQUIRE_PG=1 to make them fail instead. ***\n`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether to run PostgreSQL tests: true when reachable or required (then they fail loudly). */
export async function shouldRunPostgres(): Promise<boolean> {
  return (await probePostgres()) || PG_REQUIRED;
}

/** A migrated storage on a fresh schema of its own; `drop` removes the schema. */
export async function openTestPostgres(): Promise<PostgresStorage & { drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const storage = openPostgres({ url: TEST_DATABASE_URL, schema, pollIntervalMs: 200 });
  await storage.migrate();
  return Object.assign(storage, {
    async drop() {
      await storage.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  });
}
