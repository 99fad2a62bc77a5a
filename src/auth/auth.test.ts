import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, test } from 'vitest';
import { openTestSqlite } from '../../test/support/sqlite.js';
import {
  bootstrapAdmin,
  canSeeTask,
  generatePassword,
  hashPassword,
  InvalidTokenError,
  loadJwtSecret,
  needsRehash,
  taskVisibility,
  TokenService,
  verifyPassword,
} from './index.js';

const SECRET = 'x'.repeat(48);
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'taskcast-auth-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('hashPassword / verifyPassword', () => {
  test('a hash verifies its password and rejects others; it does not contain the password', async () => {
    const password = 'correct horse battery staple';
    const hash = await hashPassword(password);
    expect(hash).not.toBe(password);
    expect(hash).not.toContain(password);
    expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const [right, wrong, prefix, empty] = await Promise.all([
      verifyPassword(password, hash),
      verifyPassword('correct horse battery stapler', hash),
      verifyPassword('correct horse', hash),
      verifyPassword('', hash),
    ]);
    expect([right, wrong, prefix, empty]).toEqual([true, false, false, false]);
  });

  test('the same password hashes differently each time (salted)', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  test.each([
    '',
    'plain-text-password',
    'bcrypt$10$abc',
    'scrypt$1$2$3',
    'scrypt$$$$$',
    'scrypt$0$0$0$AA==$AA==',
    'scrypt$abc$8$1$AA==$AA==',
    'scrypt$16384$8$1$AA==$=',
    'scrypt$16384$8$1$AA==$!!!!',
  ])('a malformed stored hash %j never verifies', async (stored) => {
    expect(await verifyPassword('plain-text-password', stored)).toBe(false);
  });

  test('generated passwords are long and distinct', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(a);
  });
});

describe('TokenService', () => {
  const tokens = new TokenService(SECRET, 60);
  const claims = { id: 7, username: 'olga', role: 'manager' as const };

  test('verifies the tokens it issues, with their claims and lifetime', async () => {
    const token = await tokens.issue(claims);
    // A token without a generation claim is generation 0 (tokens issued before the accounts' generations).
    expect(await tokens.verify(token)).toEqual({ ...claims, generation: 0 });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number; iss: string };
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload.iss).toBe('taskcast');
  });

  test('rejects a token signed with another secret', async () => {
    const other = await new TokenService('y'.repeat(48), 60).issue(claims);
    await expect(tokens.verify(other)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  test('rejects an expired token with "Token expired"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ username: 'olga', role: 'manager' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('7')
      .setIssuer('taskcast')
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .sign(new TextEncoder().encode(SECRET));
    const err = await tokens.verify(expired).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTokenError);
    expect((err as InvalidTokenError).code).toBe('AUTH_INVALID_TOKEN');
    expect((err as Error).message).toBe('Token expired');
  });

  test('rejects another issuer, a missing subject, a non-numeric subject and an unsigned token', async () => {
    const key = new TextEncoder().encode(SECRET);
    const base = () => new SignJWT({ username: 'olga', role: 'manager' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h');
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const bad = [
      await base().setSubject('7').setIssuer('someone-else').sign(key),
      await base().setIssuer('taskcast').sign(key),
      await base().setSubject('seven').setIssuer('taskcast').sign(key),
      await new SignJWT({ username: 'olga' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('7')
        .setIssuer('taskcast')
        .setExpirationTime('1h')
        .sign(key),
      `${enc({ alg: 'none' })}.${enc({ sub: '7', username: 'olga', role: 'admin', iss: 'taskcast' })}.`,
      'not-a-token',
      '',
    ];
    for (const token of bad) await expect(tokens.verify(token), token).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('current password and token policy (issue 9, item 8)', () => {
  test("new hashes use OWASP's scrypt minimum, N=2^17, r=8, p=1, stored in the hash; older ones still verify and need a rehash", async () => {
    const hash = await hashPassword('a password');
    expect(hash.startsWith(`scrypt$${2 ** 17}$8$1$`)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
    const old = await hashPassword('a password', { N: 2 ** 15, r: 8, p: 1 });
    expect(await verifyPassword('a password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    // A stored cost far beyond the current one is refused rather than computed.
    expect(await verifyPassword('a password', `scrypt$${2 ** 24}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$${'A'.repeat(43)}=`)).toBe(false);
  });

  test('a token without exp is rejected, even when correctly signed', async () => {
    const key = new TextEncoder().encode(SECRET);
    const forever = await new SignJWT({ username: 'olga', role: 'manager' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('7')
      .setIssuer('taskcast')
      .setIssuedAt()
      .sign(key);
    await expect(new TokenService(SECRET, 60).verify(forever)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('visibility', () => {
  const admin = { id: 1, username: 'a', role: 'admin' as const };
  const manager = { id: 2, username: 'm', role: 'manager' as const };
  const user = { id: 3, username: 'u', role: 'user' as const };
  const shared = ['company_sync'];

  test('admin sees all; manager own and shared; user only own', () => {
    const own = (id: number, type = 'report') => ({ user_id: id, task_type: type });
    expect(canSeeTask(admin, own(3), shared)).toBe(true);
    expect(canSeeTask(admin, { user_id: null, task_type: 'report' }, shared)).toBe(true);
    expect(canSeeTask(manager, own(2), shared)).toBe(true);
    expect(canSeeTask(manager, own(3), shared)).toBe(false);
    expect(canSeeTask(manager, own(3, 'company_sync'), shared)).toBe(true);
    expect(canSeeTask(user, own(3), shared)).toBe(true);
    expect(canSeeTask(user, own(4), shared)).toBe(false);
    expect(canSeeTask(user, own(4, 'company_sync'), shared)).toBe(false);
    expect(canSeeTask(user, { user_id: null, task_type: 'company_sync' }, shared)).toBe(false);
  });

  test('the list filter matches: none for admin, owner plus shared types for a manager, owner only for a user', () => {
    expect(taskVisibility(admin, shared)).toBeUndefined();
    expect(taskVisibility(manager, shared)).toEqual({ ownerId: 2, sharedTypes: shared });
    expect(taskVisibility(user, shared)).toEqual({ ownerId: 3, sharedTypes: [] });
  });
});

describe('bootstrapAdmin', () => {
  test('creates admin with a generated password saved 0600, once', async () => {
    const storage = await openTestSqlite();
    try {
      const dir = tempDir();
      const first = await bootstrapAdmin(storage.users, dir, undefined);
      if (!first.created) throw new Error('expected the admin to be created');
      expect(first.username).toBe('admin');
      expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(readFileSync(first.passwordFile!, 'utf8').trim()).toBe(first.generatedPassword);
      expect(statSync(first.passwordFile!).mode & 0o777).toBe(0o600);
      const stored = await storage.users.getUserByUsername('admin');
      expect(stored!.role).toBe('admin');
      expect(stored!.password_hash).not.toContain(first.generatedPassword!);
      expect(await verifyPassword(first.generatedPassword!, stored!.password_hash)).toBe(true);
      expect(await bootstrapAdmin(storage.users, dir, undefined)).toEqual({ created: false });
    } finally {
      await storage.drop();
    }
  });

  test('with TASKCAST_ADMIN_PASSWORD uses it and writes no password file', async () => {
    const storage = await openTestSqlite();
    try {
      const result = await bootstrapAdmin(storage.users, tempDir(), 'given-admin-pw');
      expect(result).toEqual({ created: true, username: 'admin' });
      const stored = await storage.users.getUserByUsername('admin');
      expect(await verifyPassword('given-admin-pw', stored!.password_hash)).toBe(true);
    } finally {
      await storage.drop();
    }
  });
});

describe('loadJwtSecret', () => {
  test('the environment wins; otherwise a secret is generated once, kept 0600, and reused', () => {
    const dir = tempDir();
    expect(loadJwtSecret(dir, 'from-env-'.repeat(4))).toBe('from-env-'.repeat(4));
    const generated = loadJwtSecret(dir, undefined);
    expect(generated.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(loadJwtSecret(dir, undefined)).toBe(generated);
    expect(loadJwtSecret(tempDir(), undefined)).not.toBe(generated);
  });
});
