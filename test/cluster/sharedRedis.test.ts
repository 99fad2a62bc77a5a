/**
 * One Redis shared by two installations (two databases): each installation's nodes hear each other over the
 * Redis bus, and never the other installation's tasks. Nodes are built as the processes build them
 * (createEngineNode with REDIS_URL), in this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Task } from '../../src/engine/index.js';
import { createEngineNode, type EngineNode } from '../../src/server/index.js';
import { shouldRunPostgres } from '../support/postgres.js';
import { gate } from '../support/wait.js';
import { CLUSTER_REDIS_URL, createTestDatabase, type TestDatabase } from './cluster.js';
import { shouldRunRedis } from './redis.js';

const run = (await shouldRunPostgres()) && (await shouldRunRedis());

describe.runIf(run)('two installations sharing one Redis', () => {
  const dbs: TestDatabase[] = [];
  const nodes: EngineNode[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'taskcast-shared-redis-'));
  let spy: Redis;

  async function node(db: TestDatabase): Promise<EngineNode> {
    const config = loadConfig({ DATABASE_URL: db.url, REDIS_URL: CLUSTER_REDIS_URL, TASKCAST_DATA_DIR: dataDir });
    const n = await createEngineNode(config, pino({ level: 'silent' }), [], false);
    await n.engine.start();
    nodes.push(n);
    return n;
  }

  beforeAll(async () => {
    dbs.push(await createTestDatabase(), await createTestDatabase());
    spy = new Redis(CLUSTER_REDIS_URL);
  });

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    spy?.disconnect();
    for (const db of dbs) await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a node hears the changes of its own installation, not those of the other', async () => {
    const [one, two] = dbs as [TestDatabase, TestDatabase];
    const oneA = await node(one);
    const oneB = await node(one);
    const other = await node(two);
    const heardOnA: Task[] = [];
    oneA.engine.subscribeAll((t) => heardOnA.push(t));

    // Whatever channel each installation uses, the spy sees the other installation's change go out first.
    const sent = gate();
    let foreignId = '';
    await spy.psubscribe('*');
    spy.on('pmessage', (_pattern, _channel, message: string) => {
      if (foreignId && message.includes(foreignId)) sent.open();
    });
    const foreign = await other.engine.createTask({ task_type: 'other_installation_work' });
    foreignId = foreign.task_id;
    await sent.promise;

    const marker = await oneB.engine.createTask({ task_type: 'own_installation_work' });
    const arrived = gate();
    oneA.engine.subscribe(marker.task_id, () => arrived.open());
    if (!heardOnA.some((t) => t.task_id === marker.task_id)) await arrived.promise;

    expect(heardOnA.map((t) => t.task_id)).toContain(marker.task_id);
    expect(heardOnA.map((t) => t.task_id)).not.toContain(foreign.task_id);
  });
});
