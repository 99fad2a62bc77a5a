/** Migration 007: the tasks table, a queue, is vacuumed often and with its indexes (see the migration). */
import { describe, expect, it } from 'vitest';
import { openTestPostgres, shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL tasks table storage options', () => {
  it('autovacuum visits it every 20,000 dead rows, without pauses, cleaning its indexes', async () => {
    const storage = await openTestPostgres();
    try {
      const { rows } = await storage.pool.query<{ reloptions: string[] }>(`SELECT reloptions FROM pg_class WHERE oid = to_regclass($1)`, [
        `${storage.schema}.tasks`,
      ]);
      expect(rows[0]!.reloptions).toEqual(
        expect.arrayContaining([
          'autovacuum_vacuum_scale_factor=0',
          'autovacuum_vacuum_threshold=20000',
          'autovacuum_vacuum_cost_delay=0',
          'vacuum_index_cleanup=on',
        ]),
      );
    } finally {
      await storage.drop();
    }
  });
});
