import type { FastifyInstance } from 'fastify';

/** A route the app registered: its methods and its URL pattern (`/api/v1/categories/:id`). */
export interface RegisteredRoute {
  url: string;
  methods: string[];
  /** Names of its path parameters, in order. */
  params: string[];
}

/**
 * Every route of a ready app, read from `printRoutes({ commonPrefix: false })` — Fastify's only public
 * listing once the routes exist — so a route added later is covered without editing the tests. Each line
 * is `<tree drawing><segment> (METHOD, METHOD)`; a child's segment continues its parent's path.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+?)(?: \(([^)]*)\))?$/.exec(line.trimEnd());
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(url);
    if (!m[3]) continue;
    const params = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((p) => p[1]!);
    routes.push({ url, methods: m[3].split(',').map((s) => s.trim()), params });
  }
  if (routes.length === 0) throw new Error(`could not read the routes from printRoutes():\n${app.printRoutes({ commonPrefix: false })}`);
  return routes;
}
