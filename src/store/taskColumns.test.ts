/**
 * TASK_COLUMNS (src/engine/taskColumns.ts) is the one list of the tasks table's columns the stores' row types
 * are derived from: with INSERT_ONLY_COLUMNS and STORE_ONLY_COLUMNS it must name exactly the columns the migrations create, on both
 * backends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INSERT_ONLY_COLUMNS, STORE_ONLY_COLUMNS, TASK_COLUMNS } from '../engine/index.js';
import { openPostgres, openSqlite } from './index.js';
import { TEST_DATABASE_URL } from '../../test/support/postgres.js';

const expected = [...Object.keys(TASK_COLUMNS), ...INSERT_ONLY_COLUMNS, ...STORE_ONLY_COLUMNS].sort();

describe('TASK_COLUMNS', () => {
  it('names every column of the SQLite tasks table, and no other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskcast-columns-'));
    const storage = openSqlite({ file: join(dir, 'taskcast.db') });
    try {
      await storage.migrate();
      const columns = storage.db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('tasks')`).all();
      expect(columns.map((c) => c.name).sort()).toEqual(expected);
    } finally {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every column of the PostgreSQL tasks table, and no other', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const storage = openPostgres({ url: TEST_DATABASE_URL, schema });
    try {
      await storage.migrate();
      const { rows } = await storage.pool.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'tasks'`,
        [schema],
      );
      expect(rows.map((r) => r.column_name).sort()).toEqual(expected);
    } finally {
      await storage.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await storage.close();
    }
  });
});
