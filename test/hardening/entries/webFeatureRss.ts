/**
 * A child process for webBuildMemory.test.ts: sets up the web feature as the server does, on a build folder
 * that does not exist yet (so it builds), then prints one JSON line with what happened and its memory.
 * WEB_RSS_DIR: the folder for `dist` and the scratch builds.
 */
import path from 'node:path';
import pino from 'pino';
import type { FeatureDeps } from '../../../src/api/index.js';
import { createWebFeature, defaultWebPaths } from '../../../src/web/index.js';

const dir = process.env.WEB_RSS_DIR!;
const paths = { ...defaultWebPaths(), dist: path.join(dir, 'dist'), scratch: path.join(dir, 'scratch') };
const before = process.memoryUsage().rss;
// The web feature reads only the logger; the other dependencies are not used by it.
const enabled = await createWebFeature(paths).setup({ logger: pino({ level: 'silent' }) } as unknown as FeatureDeps);
// What stays resident: collect what can be collected first, so only what is really kept counts.
globalThis.gc?.();
const after = process.memoryUsage().rss;
process.stdout.write(`${JSON.stringify({ served: enabled.routes !== undefined, rssBefore: before, rssAfter: after })}\n`);
