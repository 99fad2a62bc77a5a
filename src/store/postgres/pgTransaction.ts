import type pg from 'pg';

/** Runs `work` between `begin` (BEGIN, or BEGIN with an isolation level) and COMMIT on one pooled client; ROLLBACK on any error. */
export async function pgTransaction<T>(pool: pg.Pool, begin: string, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no error listener of the pool's: a connection dropped under the transaction
  // (PostgreSQL restarted, the backend terminated) would be emitted as an 'error' nobody hears, and that
  // ends the process. The query under way fails on its own; the client is then discarded on release.
  const onError = (err: Error) => (broken ??= err);
  c.on('error', onError);
  try {
    await c.query(begin);
    const out = await work(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    // A client whose ROLLBACK fails is in an unknown state: release(err) discards it from the pool.
    await c.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    c.off('error', onError);
    c.release(broken);
  }
}
