/**
 * Issue 13: the HTTP API's limit is one bucket per user for the whole cluster when REDIS_URL is set — two serve nodes
 * (real processes on PostgreSQL, the buckets in Redis), a bucket of 5 refilled at 1 per second, used up by requests
 * alternating between the nodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shouldRunPostgres } from '../support/postgres.js';
import { Cluster, type ServeNode } from './cluster.js';
import { killAllChildren } from './processes.js';
import { shouldRunRedis } from './redis.js';

const run = (await shouldRunPostgres()) && (await shouldRunRedis());

describe.runIf(run)('the HTTP rate limit across 2 serve nodes, buckets in Redis', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.create({
      bus: 'redis',
      simulator: false,
      env: { TASKCAST_API_RATE_PER_S: '1', TASKCAST_API_BURST: '5' },
    });
    await Promise.all([cluster.serve('A'), cluster.serve('B')]);
  });

  afterAll(async () => {
    await cluster?.close();
    await killAllChildren();
  });

  const me = async (node: ServeNode, token: string) => {
    const res = await fetch(`${node.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    return res;
  };

  it('a bucket of 5 is used up by requests alternating between node A and node B; then 429', async ({ onTestFailed }) => {
    onTestFailed(() => console.error(`cluster processes' output:\n${cluster.output()}`));
    const [a, b] = [cluster.serveNode('A'), cluster.serveNode('B')];
    const token = await cluster.login(a);
    const started = performance.now();
    const remaining: string[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const res = await me(i % 2 === 0 ? a : b, token);
      if (res.status === 429) refused = res;
      else remaining.push(/r=(\d+)/.exec(res.headers.get('ratelimit') ?? '')?.[1] ?? '?');
    }
    const seconds = (performance.now() - started) / 1000;
    // One bucket for both nodes: 5, plus what refilled meanwhile (1 a second) — two buckets of their own would give 10.
    expect(remaining.length).toBeGreaterThanOrEqual(5);
    expect(remaining.length).toBeLessThanOrEqual(5 + Math.ceil(seconds));
    if (seconds < 1) expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(refused?.headers.get('ratelimit-policy')).toBe('"api";q=5;w=5');
    expect(refused?.headers.get('ratelimit')).toBe('"api";r=0;t=1');
  });
});
