import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SqliteStorage, openSqlite } from '../../store/index.js';
import { burstOf, TokenBucketGate } from './rateGate.js';

describe('TokenBucketGate', () => {
  let dir: string;
  let storage: SqliteStorage;
  afterEach(async () => {
    await storage.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async () => {
    dir = mkdtempSync(join(tmpdir(), 'taskcast-gate-'));
    storage = openSqlite({ file: join(dir, 'taskcast.db') });
    await storage.migrate();
  };

  it('paces requests through the shared bucket: the burst at once, then one per 1/rate s', async () => {
    await open();
    const gate = new TokenBucketGate(storage.requestBuckets, 'http://1c.test/base/', 10);
    const started = performance.now();
    for (let i = 0; i < burstOf(10) + 5; i++) await gate.acquire('test');
    // 5 tokens past the burst at 10 a second: at least 0.5 s (a lower bound; a slow machine only adds).
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('while the shared bucket cannot be reached, paces this process alone instead of failing, and says so', async () => {
    await open();
    const errors: unknown[] = [];
    const gate = new TokenBucketGate(storage.requestBuckets, 'http://1c.test/base/', 10, (e) => errors.push(e));
    await storage.close(); // every take now throws
    const started = performance.now();
    for (let i = 0; i < burstOf(10) + 5; i++) await gate.acquire('test');
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    // A Retry-After is still honoured locally.
    await gate.holdFor(600);
    const held = performance.now();
    await gate.acquire('test');
    expect(performance.now() - held).toBeGreaterThanOrEqual(550);
  });
});
