/**
 * For the tests: the report export application (buildReportApp) on a SQLite file in a temporary folder,
 * listening on a free loopback port, with the users `ann` and `bob` logged in over HTTP as the docs say.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openSqlite, type SqliteStorage, type Taskcast } from '../../src/index.js';
import { buildReportApp } from './reportApp.js';
import type { ReportSource } from './reportSource.js';

/** The two users of a test application. */
export type TestUserName = 'ann' | 'bob';

/** A running test application. */
export interface TestReportApp {
  app: FastifyInstance;
  taskcast: Taskcast<SqliteStorage>;
  /** The temporary folder: the database and `reports/`. */
  dir: string;
  /** http://127.0.0.1:PORT */
  base: string;
  /** The access token of each user. */
  tokens: Record<TestUserName, string>;
  close(): Promise<void>;
}

/** Starts the application on a fresh temporary folder with `source` for the rows. */
export async function startTestReportApp(source?: ReportSource): Promise<TestReportApp> {
  const dir = mkdtempSync(join(tmpdir(), 'report-export-'));
  const storage = openSqlite({ file: join(dir, 'taskcast.db') });
  const { app, taskcast } = await buildReportApp({ storage, outputDir: join(dir, 'reports'), source });
  for (const who of ['ann', 'bob']) await taskcast.addUser({ username: who, password: `${who}-password`, role: 'user' });
  await taskcast.start();
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const tokens = { ann: '', bob: '' };
  for (const who of ['ann', 'bob'] as const) {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: who, password: `${who}-password` }),
    });
    if (res.status !== 200) throw new Error(`log-in of ${who} answered ${res.status}: ${await res.text()}`);
    tokens[who] = ((await res.json()) as { access_token: string }).access_token;
  }
  return {
    app,
    taskcast,
    dir,
    base,
    tokens,
    async close() {
      await app.close();
      await taskcast.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
