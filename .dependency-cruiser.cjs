/**
 * The house rules for imports (issue 17), checked by `npm run lint` and so by .ci/run:
 * - no cycles, type-only imports included;
 * - the engine depends on no other module of src/ (its storage port lives in it; src/store implements it);
 * - the cron core (src/schedules) depends only on src/wire and the engine's public entry;
 * - a module is reached from outside only through its index.ts (its one public entry), or its port.ts (a port it
 *   owns and others implement, importable without loading the module);
 * - the stores load nothing of HTTP, the server, the features or the 1C client, even indirectly;
 * - every import resolves (web/src's `@/` alias through tsconfig.depcruise.json).
 * - examples reach src/ only through src/index.ts, the public entry;
 * - production code never imports test code.
 * A module is a folder directly under src/.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles (type-only ones too) make the layering unreadable.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-stands-alone',
      severity: 'error',
      comment: 'The engine owns its ports; stores, API, features and the server depend on it, never the reverse.',
      from: { path: '^src/engine/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^src/', pathNot: '^src/(engine|wire)/' },
    },
    {
      name: 'schedules-stand-alone',
      severity: 'error',
      comment:
        'The cron core (issue 12) is pure: time zones, DST, missed runs, descriptions. It imports only the wire ' +
        "shapes and the engine's public entry; the scheduler service, stores and routes build on it, never the reverse.",
      from: { path: '^src/schedules/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^src/', pathNot: ['^src/schedules/', '^src/wire/index\\.ts$', '^src/engine/index\\.ts$'] },
    },
    {
      name: 'wire-imports-nothing',
      severity: 'error',
      comment: 'The wire shapes are shared with the browser bundle: they import nothing.',
      from: { path: '^src/wire/' },
      to: { pathNot: '^src/wire/' },
    },
    {
      name: 'store-serves-ports',
      severity: 'error',
      comment:
        'The stores implement the ports of the engine, auth and the sync; nothing they load, directly or not, is HTTP, ' +
        'the server, a feature or the 1C client (they reach the sync only through its port, src/sync/port.ts).',
      from: { path: '^src/store/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^src/(api|server|cli|web|bus|onec|taskcast|sync)/', pathNot: '^src/sync/(port|syncStore)\\.ts$', reachable: true },
    },
    {
      name: 'through-index-only',
      severity: 'error',
      comment:
        "Across modules, import a module's index.ts (its one public entry), or its port.ts (the port it owns, for " +
        'the modules that implement it), not its other files. src/index.ts, the package entry, too.',
      from: { path: '^src/(?:([^/]+)/|index\\.ts$)' },
      to: { path: '^src/[^/]+/.+', pathNot: ['^src/[^/]+/(index\\.tsx?|port\\.ts)$', '^src/$1/'] },
    },
    {
      name: 'tests-through-index-only',
      severity: 'error',
      comment: 'Tests and benchmarks outside src/ reach a module through its index.ts, as an application would.',
      from: { path: '^(test|bench)/' },
      to: { path: '^src/[^/]+/.+', pathNot: '^src/[^/]+/index\\.tsx?$' },
    },
    {
      name: 'web-shares-only-the-wire',
      severity: 'error',
      comment: 'The browser bundle shares the wire shapes with the server, and nothing else of src/.',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: '^src/wire/index\\.ts$' },
    },
    {
      name: 'examples-through-public-entry',
      severity: 'error',
      comment: 'An example is an application of its own: it reaches Taskcast only through src/index.ts, the public entry.',
      from: { path: '^examples/' },
      to: { path: '^(src|web/src)/', pathNot: ['^src/index\\.ts$', '^web/src/embed\\.ts$'] },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'Production code never imports test support.',
      from: { path: '^src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: ['^test/', '\\.test\\.tsx?$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the rules cannot resolve is an import they cannot check.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '(^|/)dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
