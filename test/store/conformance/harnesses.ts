/** Harnesses the conformance suites run on: a temporary SQLite file, or a fresh PostgreSQL schema. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgres } from '../../../src/store/index.js';
import { openSqlite } from '../../../src/store/index.js';
import type { Storage } from '../../../src/store/index.js';
import type { StoreHarness } from './harnessTypes.js';
import { TEST_DATABASE_URL } from '../../support/postgres.js';

/** Connections to one new SQLite file; `drop` deletes its directory. */
export async function sqliteHarness(): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'taskcast-conf-'));
  const opened: Storage[] = [];
  return {
    async open() {
      const s = openSqlite({ file: join(dir, 'taskcast.db'), pollIntervalMs: 2 });
      await s.migrate();
      opened.push(s);
      return s;
    },
    async drop() {
      for (const s of opened) await s.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Connections to one new PostgreSQL schema; `drop` drops it. */
export async function postgresHarness(): Promise<StoreHarness> {
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
}
