/**
 * Issue 9, item 8: a password hashed with an older, cheaper scrypt cost is rehashed with the current one at the
 * owner's next successful log-in, on both backends, through the real HTTP API.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../src/auth/index.js';
import type { Storage } from '../../src/store/index.js';
import { api } from '../support/http.js';
import { openTestPostgres, shouldRunPostgres } from '../support/postgres.js';
import { openTestSqlite } from '../support/sqlite.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const OLD = { N: 2 ** 15, r: 8, p: 1 };
const current = `scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$`;

const backends: [string, () => Promise<Storage & { drop(): Promise<void> }>, boolean][] = [
  ['SQLite', openTestSqlite, true],
  ['PostgreSQL', openTestPostgres, await shouldRunPostgres()],
];

describe.each(backends)('rehash at log-in on %s', (_name, open, enabled) => {
  let storage: Storage & { drop(): Promise<void> };
  let server: TestServer;
  beforeAll(async () => {
    if (!enabled) return;
    storage = await open();
    server = await startTestServer({ storage });
  });
  afterAll(async () => {
    await server?.close();
    await storage?.drop();
  });

  test.skipIf(!enabled)('an N=2^15 hash becomes N=2^17 after a successful log-in, and only then', async () => {
    const password = 'an old but good password';
    const oldHash = await hashPassword(password, OLD);
    const user = await storage.users.insertUser({ username: 'veteran', role: 'user', password_hash: oldHash });

    // A failed log-in changes nothing.
    expect((await api(server).post('/api/v1/auth/login', { username: 'veteran', password: 'wrong password' })).status).toBe(401);
    expect((await storage.users.getUserById(user.id))!.password_hash).toBe(oldHash);

    const login = await api(server).post('/api/v1/auth/login', { username: 'veteran', password });
    expect(login.status).toBe(200);
    const rehashed = (await storage.users.getUserById(user.id))!.password_hash;
    expect(rehashed.startsWith(current)).toBe(true);
    expect(await verifyPassword(password, rehashed)).toBe(true);

    // The next log-in works with the new hash and leaves it alone.
    expect((await api(server).post('/api/v1/auth/login', { username: 'veteran', password })).status).toBe(200);
    expect((await storage.users.getUserById(user.id))!.password_hash).toBe(rehashed);
  });

  test.skipIf(!enabled)('a rehash never overwrites a hash changed meanwhile', async () => {
    const user = await storage.users.insertUser({ username: 'changer', role: 'user', password_hash: await hashPassword('first', OLD) });
    const newer = await hashPassword('second');
    expect(await storage.users.setPasswordHash(user.id, 'not-the-stored-hash', 'x')).toBe(false);
    expect(await storage.users.setPasswordHash(user.id, user.password_hash, newer)).toBe(true);
    expect((await storage.users.getUserById(user.id))!.password_hash).toBe(newer);
  });
});
