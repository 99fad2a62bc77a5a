/**
 * The web app as a server feature: at start-up it builds web/ when web/dist is missing or older than
 * its sources (so `npm start` on a fresh clone works and a restart takes seconds), then serves it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Feature } from '../api/index.js';
import { defaultWebPaths, ensureWebApp, type WebPaths } from './webBuild.js';
import { webRoutes } from './webRoutes.js';

/** The web feature for the app whose sources are at `paths`. */
export function createWebFeature(paths: WebPaths = defaultWebPaths()): Feature {
  return {
    name: 'web',
    async setup({ logger }) {
      try {
        const started = Date.now();
        const outcome = await ensureWebApp(paths, (reason) =>
          logger.info(
            { dist: paths.dist, reason },
            reason === 'missing' ? 'building the web app (no build yet)…' : 'building the web app (sources changed)…',
          ),
        );
        if (outcome === 'built') logger.info({ ms: Date.now() - started }, 'web app built');
      } catch (err) {
        logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          'building the web app failed; serving the previous build if there is one',
        );
      }
      if (!existsSync(path.join(paths.dist, 'index.html'))) {
        logger.error({ dist: paths.dist }, 'no web app build: only the API is served (run `npm run build`)');
        return {};
      }
      return { routes: (app) => webRoutes(app, paths.dist) };
    },
  };
}

/** The web app of this repository. */
export const webFeature: Feature = createWebFeature();
