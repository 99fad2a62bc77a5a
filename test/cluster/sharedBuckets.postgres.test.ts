import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres } from '../../src/store/index.js';
import { shouldRunPostgres, TEST_DATABASE_URL } from '../support/postgres.js';
import { describeSharedBuckets, type BucketBackend } from './describeSharedBuckets.js';

const run = await shouldRunPostgres();

// The 1C request buckets in PostgreSQL (the RequestBucketStore every node shares without Redis), on a schema of its own.
const openSchema = async (): Promise<BucketBackend> => {
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
};

// 20 keys at 10/s (there is one key per 1C base): the rate. A take is a guarded upsert (two statements when
// refused), and on two loaded cores three processes get about 3,000 of them a second (measured: 7,531 grants and 1,566
// refusals in 3 s) — 1,000 keys at 10/s (10,000 grants a second) would never reach the limit and prove nothing.
describeSharedBuckets('the 1C request buckets in PostgreSQL', 20, run, openSchema);
// The 1,000 keys, at 1/s so that the store can serve more takes than the limit allows and every key is
// refused: none of them gets more than 1 + 1 in any second.
describeSharedBuckets('the 1C request buckets in PostgreSQL', 1_000, run, openSchema, 1);
