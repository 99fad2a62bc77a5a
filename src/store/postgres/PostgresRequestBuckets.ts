import type pg from 'pg';
import { waitForToken, type BucketState, type RequestBucketStore } from '../requestBucketTypes.js';

// The database's clock, in ms since the epoch: every node reads the same one, whatever its own says.
const NOW_MS = `(extract(epoch FROM now()) * 1000)::double precision`;
// -- Params: $1 base URL, $2 tokens per second, $3 bucket size.
// A new bucket starts full and gives its first token; an existing one is refilled for the time since its last take,
// and gives a token only when it then holds one and no hold is running (the WHERE guard; no row returned otherwise).
const TAKE = `INSERT INTO onec_request_buckets AS b (base_url, tokens, updated_ms, not_before_ms)
  VALUES ($1, $3::double precision - 1, ${NOW_MS}, 0)
  ON CONFLICT (base_url) DO UPDATE SET
    tokens = LEAST($3::double precision, b.tokens + GREATEST(0, excluded.updated_ms - b.updated_ms) * $2::double precision / 1000) - 1,
    updated_ms = GREATEST(b.updated_ms, excluded.updated_ms)
  WHERE LEAST($3::double precision, b.tokens + GREATEST(0, excluded.updated_ms - b.updated_ms) * $2::double precision / 1000) >= 1
    AND b.not_before_ms <= excluded.updated_ms
  RETURNING b.tokens`;
// -- Params: $1 base URL, $2 ms to hold.
const HOLD = `INSERT INTO onec_request_buckets AS b (base_url, tokens, updated_ms, not_before_ms)
  VALUES ($1, 0, ${NOW_MS}, ${NOW_MS} + $2::double precision)
  ON CONFLICT (base_url) DO UPDATE SET not_before_ms = GREATEST(b.not_before_ms, excluded.not_before_ms)`;
// -- Params: $1 base URL.
const STATE = `SELECT tokens, updated_ms, not_before_ms, ${NOW_MS} AS now_ms FROM onec_request_buckets WHERE base_url = $1`;

/** Request buckets on PostgreSQL, shared by every node on the database; a take is one guarded upsert (row lock). */
export class PostgresRequestBuckets implements RequestBucketStore {
  constructor(private readonly pool: pg.Pool) {}

  async takeRequestToken(key: string, ratePerSecond: number, burst: number): Promise<number> {
    const taken = await this.pool.query(TAKE, [key, ratePerSecond, burst]);
    if (taken.rowCount === 1) return 0;
    const state = await this.pool.query<BucketState>(STATE, [key]);
    return waitForToken(state.rows[0], ratePerSecond, burst);
  }

  async holdRequests(key: string, ms: number): Promise<void> {
    await this.pool.query(HOLD, [key, Math.max(0, ms)]);
  }
}
