import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Storage, openPostgres, openSqlite } from '../../src/store/index.js';

/** The PostgreSQL the benchmarks use. */
export const BENCH_DATABASE_URL = process.env.TASKCAST_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where a benchmark's fresh database lives, so another process can open the same one. */
export interface StoreLocation {
  kind: 'sqlite' | 'postgres';
  /** SQLite file or PostgreSQL schema. */
  where: string;
}

/** Creates a fresh empty database of the kind. */
export async function freshLocation(kind: 'sqlite' | 'postgres'): Promise<StoreLocation> {
  if (kind === 'sqlite') return { kind, where: join(mkdtempSync(join(tmpdir(), 'taskcast-bench-')), 'bench.db') };
  return { kind, where: `bench_${randomBytes(5).toString('hex')}` };
}

/** Opens (and migrates) the database at a location. */
export async function openLocation(loc: StoreLocation): Promise<Storage> {
  const storage =
    loc.kind === 'sqlite'
      ? openSqlite({ file: loc.where, pollIntervalMs: 1 })
      : openPostgres({ url: BENCH_DATABASE_URL, schema: loc.where, maxConnections: 10 });
  await storage.migrate();
  return storage;
}

/** Deletes the database at a location. */
export async function dropLocation(loc: StoreLocation): Promise<void> {
  if (loc.kind === 'sqlite') {
    rmSync(join(loc.where, '..'), { recursive: true, force: true });
    return;
  }
  const c = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${loc.where} CASCADE`);
  await c.end();
}
