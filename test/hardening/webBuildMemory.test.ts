/**
 * Issue 9, item 5: building the web app must not leave Vite resident in the server. Built inside the server
 * process, the bundler stayed loaded: about 700 MB resident for the server's whole life instead of 140 MB.
 * A real child process sets up the web feature on a missing build (so it builds) and reports its memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { NodeProcess } from '../cluster/processes.js';

const dir = await mkdtemp(path.join(tmpdir(), 'taskcast-web-rss-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Resident memory the server may keep after a build, bytes: the build itself needs several hundred MB. */
const MAX_RSS_AFTER_BUILD = 250 * 1024 * 1024;

test('after building the web app the server process stays small (the build ran in a child process)', async () => {
  const child = new NodeProcess('web-feature', 'test/hardening/entries/webFeatureRss.ts', { WEB_RSS_DIR: dir }, ['--expose-gc']);
  const line = (await child.waitForOutput(/^\{.*\}$/m, 170_000))[0];
  const report = JSON.parse(line) as { served: boolean; rssBefore: number; rssAfter: number };
  await child.exited;
  expect(report.served).toBe(true);
  expect(existsSync(path.join(dir, 'dist', 'index.html'))).toBe(true);
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  expect(mb(report.rssAfter), `RSS ${mb(report.rssBefore)} MB before the build, ${mb(report.rssAfter)} MB after`).toBeLessThan(
    mb(MAX_RSS_AFTER_BUILD),
  );
}, 180_000);
