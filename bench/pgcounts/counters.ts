import pg from 'pg';
import { PEER_ADMIN_APPLICATION } from '../peers/types.js';

/** The application_name of the counters' own connection. */
export const COUNTERS_APPLICATION = 'bench-pgcounts';

/** One table's row changes over a run (pg_stat_user_tables). */
export interface TableCounts {
  table: string;
  inserted: number;
  updated: number;
  /** Updates that stayed on their page without touching any index (heap-only tuples). */
  hotUpdated: number;
  deleted: number;
}

/** What PostgreSQL did for one run, read from its statistics: deltas between {@link Counters.start} and {@link Counters.stop}. */
export interface RunCounts {
  /** Top-level statements executed in the run's database (pg_stat_statements), or null when the extension is not loaded. */
  statements: number | null;
  /** The most frequent statements (calls, first 100 characters), when pg_stat_statements is loaded. */
  topStatements: { calls: number; query: string }[];
  /** Transactions committed in the run's database (pg_stat_database). */
  commits: number;
  /** WAL written by the whole server (pg_current_wal_lsn difference), bytes. */
  walBytes: number;
  /** WAL records and full-page images over the run (pg_stat_wal, the whole server). */
  walRecords: number;
  walFullPages: number;
  /** The schema's tables with any row change since the schema was made (so a migration's rows are in). */
  tables: TableCounts[];
  /** Client connections to this server, other than the counting one and the run's, seen at the start or the end. */
  otherSessions: number;
}

interface Snapshot {
  lsn: string;
  walRecords: number;
  walFullPages: number;
  commits: number;
}

/**
 * Reads PostgreSQL's counters around a run, on a connection of its own. WAL is counted for the whole server, so
 * the figures are exact only on a server nothing else writes to (a private instance: docs/benchmarks.md); the
 * other sessions seen are reported beside them. Statements need pg_stat_statements in shared_preload_libraries
 * (created here if it can be); without it `statements` is null.
 */
export class Counters {
  private before: Snapshot | null = null;
  private constructor(
    private readonly client: pg.Client,
    readonly statementsAvailable: boolean,
    private otherSessions = 0,
  ) {}

  /** Connects to `url` and finds out whether pg_stat_statements can be read there. */
  static async open(url: string): Promise<Counters> {
    const client = new pg.Client({ connectionString: url, application_name: COUNTERS_APPLICATION });
    await client.connect();
    let available = true;
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
    } catch {
      // "pg_stat_statements must be loaded via shared_preload_libraries", or no right to create it.
      available = false;
    }
    return new Counters(client, available);
  }

  /** A checkpoint (so every run starts with the same full-page writes to come), then the counters' values. */
  async start(): Promise<void> {
    await this.client.query('CHECKPOINT');
    if (this.statementsAvailable) await this.client.query('SELECT pg_stat_statements_reset()');
    this.otherSessions = await this.countOtherSessions();
    this.before = await this.snapshot();
  }

  /**
   * Waits until the run's connections are gone (a backend flushes its table statistics when it exits), then
   * returns the deltas. `schema`: the run's tables.
   */
  async stop(schema: string): Promise<RunCounts> {
    const before = this.before;
    if (!before) throw new Error('Counters.stop before start');
    await this.waitForOtherBackendsOfThisDatabase();
    const after = await this.snapshot();
    const wal = await this.client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($1, $2)::bigint AS bytes', [after.lsn, before.lsn]);
    await this.client.query('SELECT pg_stat_clear_snapshot()');
    const tables = await this.client.query<{ relname: string; ins: string; upd: string; hot: string; del: string }>(
      `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del
         FROM pg_stat_user_tables WHERE schemaname = $1 AND n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY relname`,
      [schema],
    );
    let statements: number | null = null;
    let topStatements: RunCounts['topStatements'] = [];
    if (this.statementsAvailable) {
      // This connection's own queries (the counters') and a peer's polling for its end are left out.
      const own =
        `query NOT ILIKE '%pg_stat%' AND query NOT ILIKE '%pg_wal_lsn%' AND query NOT ILIKE '%pg_current_wal%' ` +
        `AND query <> 'CHECKPOINT' AND query NOT ILIKE 'select count(*)::int as n from %'`;
      const rows = await this.client.query<{ calls: string; query: string }>(
        `SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ${own} ORDER BY calls DESC`,
      );
      statements = rows.rows.reduce((n, r) => n + Number(r.calls), 0);
      topStatements = rows.rows.slice(0, 8).map((r) => ({ calls: Number(r.calls), query: r.query }));
    }
    const others = Math.max(this.otherSessions, await this.countOtherSessions());
    this.before = null;
    return {
      statements,
      topStatements,
      commits: after.commits - before.commits,
      walBytes: Number(wal.rows[0]!.bytes),
      walRecords: after.walRecords - before.walRecords,
      walFullPages: after.walFullPages - before.walFullPages,
      tables: tables.rows.map((r) => ({
        table: r.relname,
        inserted: Number(r.ins),
        updated: Number(r.upd),
        hotUpdated: Number(r.hot),
        deleted: Number(r.del),
      })),
      otherSessions: others,
    };
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.client.end();
  }

  private async snapshot(): Promise<Snapshot> {
    const r = await this.client.query<{ lsn: string; records: string; fpi: string; commits: string }>(
      `SELECT pg_current_wal_lsn()::text AS lsn, w.wal_records AS records, w.wal_fpi AS fpi,
              (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits
         FROM pg_stat_wal w`,
    );
    const row = r.rows[0]!;
    return { lsn: row.lsn, walRecords: Number(row.records), walFullPages: Number(row.fpi), commits: Number(row.commits) };
  }

  /** Client backends of other databases or applications: work whose WAL would be counted with the run's. */
  private async countOtherSessions(): Promise<number> {
    const r = await this.client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname IS DISTINCT FROM current_database()`,
    );
    return r.rows[0]!.n;
  }

  private async waitForOtherBackendsOfThisDatabase(): Promise<void> {
    for (let i = 0; i < 3000; i++) {
      const r = await this.client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = current_database()
            AND application_name NOT IN ($1, $2)`,
        [COUNTERS_APPLICATION, PEER_ADMIN_APPLICATION],
      );
      if (r.rows[0]!.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the run left connections open to the database for 30 s');
  }
}
