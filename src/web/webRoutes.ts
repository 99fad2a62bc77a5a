/**
 * Serves the built web app: its files as they are (hashed assets cached for a year, index.html never
 * cached) and index.html for every other page path (the app routes in the browser). /api paths and
 * missing files keep the API's JSON 404 `{detail}`.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// A page path has no file extension in its last segment: /tasks, /transactions, /.
const FILE_LIKE = /\/[^/]*\.[^/]*$/;

/**
 * True for the paths the app routes itself (index.html answers them). The API prefix is recognised however
 * it is written — `/API/…`, `//api/…`, `/%61pi/…` — so a mistyped API call gets the API's JSON 404, never
 * the app's HTML with a 200.
 */
export function isPagePath(url: string): boolean {
  const pathname = normalisePath(url.split('?')[0]!);
  if (pathname === '/api' || pathname.startsWith('/api/')) return false;
  return !FILE_LIKE.test(pathname);
}

/** The path decoded where it can be, with runs of slashes collapsed, in lower case. */
function normalisePath(raw: string): string {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // keep the raw form: a malformed escape is not a page either way, the check below still sees /api
  }
  return decoded.replace(/[\\/]+/g, '/').toLowerCase();
}

/**
 * Registers the static files of `distDir` and the SPA fallback on `app`, every one of them public and unlimited: the task API's
 * context identifies the caller on every route that does not say `config: { public: true }`, and the pages
 * (the log-in page among them) are for anyone. @fastify/static takes no route config, so the routes are marked
 * as they are added, in a context of their own.
 */
export async function webRoutes(app: FastifyInstance, distDir: string): Promise<void> {
  await app.register(async (web) => {
    // Public, and not counted against the HTTP rate limit: a page load fetches its files at once, and serving them
    // costs less than counting them.
    web.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true, rateLimit: false };
    });
    await web.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      // Routes for the files that exist now (the build is complete before the server starts), so the
      // catch-all below can decide what an unknown path gets.
      wildcard: false,
      cacheControl: false,
      setHeaders(res, filePath) {
        res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    web.get('/*', (request, reply) => {
      if (!isPagePath(request.url)) return reply.callNotFound();
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    });
  });
}
