/**
 * The report export application on a SQLite file:
 *
 *   REPORT_EXPORT_PASSWORD=change-me-please npx tsx examples/report-export/main.ts
 *
 * PORT (default 8100), REPORT_EXPORT_DATA_DIR (default ./data/report-export): the database and the CSV files.
 * REPORT_EXPORT_PASSWORD (at least 8 characters): the password of the user `demo`, created on the first start.
 * REPORT_EXPORT_JWT_SECRET (at least 32 characters): signs the tokens; unset, a random one per process (tokens
 * then end with the process). docs/embedding.md walks through this file.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite, UsernameTakenError } from '../../src/index.js';
import { buildReportApp } from './reportApp.js';

/** A variable's value, or the process stops with a message naming it. */
function setting(name: string, check: (value: string) => boolean, rule: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || !check(value)) {
    process.stderr.write(`${name}: ${rule}\n`);
    process.exit(2);
  }
  return value;
}

const port = Number(setting('PORT', (v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, 'must be a port number', '8100'));
const dataDir = setting('REPORT_EXPORT_DATA_DIR', (v) => v.length > 0, 'must be a folder', './data/report-export');
const password = setting('REPORT_EXPORT_PASSWORD', (v) => v.length >= 8, 'set it to the password of the user demo (at least 8 characters)');

mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const storage = openSqlite({ file: join(dataDir, 'taskcast.db') });
const { app, taskcast } = await buildReportApp({
  storage,
  outputDir: join(dataDir, 'reports'),
  jwtSecret: process.env.REPORT_EXPORT_JWT_SECRET,
  log: true,
});
try {
  await taskcast.addUser({ username: 'demo', password, role: 'user' });
} catch (err) {
  if (!(err instanceof UsernameTakenError)) throw err;
}
await taskcast.start();
await app.listen({ port, host: '127.0.0.1' });

// The app first (no new requests, sockets closed with 1001), then the tasks (given their grace), the storage last.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (async () => {
      await app.close();
      await taskcast.close();
      await storage.close();
      process.exit(0);
    })();
  });
}
