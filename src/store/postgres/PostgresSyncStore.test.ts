import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { describeSyncStore } from '../conformance/describeSyncStore.js';
import { openPostgres } from './openPostgres.js';
import type { Storage } from '../types.js';
import { shouldRunPostgres, TEST_DATABASE_URL } from '../../../test/support/postgres.js';

const run = await shouldRunPostgres();

describe.runIf(run)('PostgreSQL', () => {
  describeSyncStore('PostgreSQL', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const opened: Storage[] = [];
    return {
      async open() {
        const s = openPostgres({ url: TEST_DATABASE_URL, schema, pollIntervalMs: 200 });
        await s.migrate();
        opened.push(s);
        return s;
      },
      async drop() {
        for (const s of opened) await s.close().catch(() => {});
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      },
    };
  });
});
