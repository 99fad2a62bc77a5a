import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres } from '../../src/store/index.js';
import { shouldRunPostgres, TEST_DATABASE_URL } from '../support/postgres.js';
import { describeSharedBuckets } from './describeSharedBuckets.js';

// The 1C request buckets in PostgreSQL (the RequestBucketStore every node shares without Redis), on a schema of its own.
// 20 keys (there is one per 1C base), not 1,000: a take is a guarded upsert (two statements when refused), and on two
// cores three processes got about 1,000 of them a second — 1,000 keys at 10/s (10,000 grants a second) would never
// reach the limit, and prove nothing (measured: 100 keys got 5.5 grants a second each, fewer refusals than grants).
describeSharedBuckets('the 1C request buckets in PostgreSQL', 20, await shouldRunPostgres(), async () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const storage = openPostgres({ url: TEST_DATABASE_URL, schema });
  await storage.migrate();
  await storage.close();
  return {
    name: 'onec-postgres',
    env: { DATABASE_URL: TEST_DATABASE_URL, SCHEMA: schema },
    async close() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
});
