import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePassword, hashPassword } from './password.js';
import { UsernameTakenError } from './userStore.js';
import type { UserStore } from './userStore.js';
import { ensurePrivateDir } from '../files/index.js';

/** What happened on first start. */
export type BootstrapResult = { created: false } | { created: true; username: string; generatedPassword?: string; passwordFile?: string };

/**
 * On first start (no users at all) creates `admin`: with TASKCAST_ADMIN_PASSWORD, or with a generated
 * password that the caller prints once and that is saved (mode 0600) in the data directory.
 */
export async function bootstrapAdmin(users: UserStore, dataDir: string, adminPassword: string | undefined): Promise<BootstrapResult> {
  if ((await users.countUsers()) > 0) return { created: false };
  const password = adminPassword ?? generatePassword();
  try {
    await users.insertUser({ username: 'admin', password_hash: await hashPassword(password), role: 'admin' });
  } catch (err) {
    if (err instanceof UsernameTakenError) return { created: false }; // another node won the race
    throw err;
  }
  if (adminPassword) return { created: true, username: 'admin' };
  ensurePrivateDir(dataDir);
  const passwordFile = join(dataDir, 'admin-password.txt');
  writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  chmodSync(passwordFile, 0o600); // `mode` applies only to a new file; one left from an earlier database keeps its own
  return { created: true, username: 'admin', generatedPassword: password, passwordFile };
}
