/**
 * The log-in limits across real processes (issue 13), run once per store (loginLimits.postgres.test.ts: the counts in
 * PostgreSQL; loginLimits.redis.test.ts: in Redis): two serve nodes on one database with the default limits — 5
 * failures of a name on node A, the 6th attempt on node B is 429 — and the lock still holds after both restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Cluster, type BusKind, type ServeNode } from './cluster.js';
import { killAllChildren } from './processes.js';

/** One log-in attempt on `node`: its status, Retry-After and detail. */
async function attempt(node: ServeNode, username: string, password: string) {
  const res = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { detail?: string; retry_after?: number };
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after')), detail: body.detail };
}

/** The cross-node behaviour of the log-in limits with the counts where `bus` says (Redis with a Redis bus). */
export function describeLoginLimits(bus: BusKind, run: boolean): void {
  describe.runIf(run)(`log-in limits across 2 serve nodes, counts in ${bus === 'redis' ? 'Redis' : 'PostgreSQL'}`, () => {
    let cluster: Cluster;

    beforeAll(async () => {
      cluster = await Cluster.create({
        bus,
        simulator: false,
        // The defaults of issue 13 (the cluster's other tests run with limits that never bind).
        env: {
          TASKCAST_LOGIN_MAX_FAILURES: '5',
          TASKCAST_LOGIN_MAX_FAILURES_PER_ADDRESS: '20',
          TASKCAST_LOGIN_LOCK_BASE_MS: '60000',
        },
      });
      await Promise.all([cluster.serve('A'), cluster.serve('B')]);
    });

    afterAll(async () => {
      await cluster?.close();
      await killAllChildren();
    });

    it('5 failures on node A: the 6th attempt on node B is 429, the right password too; still so after both restart', async ({
      onTestFailed,
    }) => {
      onTestFailed(() => console.error(`cluster processes' output:\n${cluster.output()}`));
      const [a, b] = [cluster.serveNode('A'), cluster.serveNode('B')];
      for (let i = 1; i <= 5; i++) expect((await attempt(a, 'admin', `wrong ${i}`)).status, `failure ${i} on A`).toBe(401);
      const sixth = await attempt(b, 'admin', 'wrong 6');
      expect(sixth.status).toBe(429);
      expect(sixth.retryAfter).toBeGreaterThan(30);
      expect(sixth.retryAfter).toBeLessThanOrEqual(60);
      // The wait is named in the unit Retry-After gives: under a minute in seconds (a slow machine spends some of it).
      const wait = sixth.retryAfter < 60 ? `${sixth.retryAfter} с` : '1 мин';
      expect(sixth.detail).toBe(`Слишком много попыток входа. Повторите через ${wait}`);
      expect((await attempt(b, 'admin', ADMIN_PASSWORD)).status).toBe(429);
      // Another name is not locked, on either node.
      expect((await attempt(a, 'nobody', 'wrong')).status).toBe(401);

      // Where the counts are: in Redis, nothing in the database's table; without it, the table.
      const rows = await cluster.sql.query<{ n: string }>('SELECT count(*) AS n FROM login_failures');
      if (bus === 'redis') expect(Number(rows.rows[0]!.n)).toBe(0);
      else expect(Number(rows.rows[0]!.n)).toBeGreaterThan(0);

      // Both nodes stop and start again: the lock is kept (in the database or in Redis, not in a process).
      await cluster.terminate([a, b]);
      await cluster.restartExited();
      const [a2, b2] = [cluster.serveNode('A'), cluster.serveNode('B')];
      for (const node of [a2, b2]) {
        const after = await attempt(node, 'admin', ADMIN_PASSWORD);
        expect(after.status, `after the restart, on ${node.name}`).toBe(429);
        expect(after.retryAfter).toBeLessThanOrEqual(sixth.retryAfter);
      }
    });
  });
}
