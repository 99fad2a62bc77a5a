import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One runner for every test: the server-side suites run in Node; the web components declare
// `// @vitest-environment jsdom` in their own files. `@/` is the web app's source folder, as in
// web/vite.config.ts and web/tsconfig.json, so the specification's imports ('@/api/tasks') work as written.
export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: fileURLToPath(new URL('./web/src/', import.meta.url)) }],
  },
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'test/**/*.test.ts',
      'web/**/*.test.ts',
      'web/**/*.test.tsx',
      'examples/**/*.test.ts',
      'examples/**/*.test.tsx',
    ],
    setupFiles: ['web/test/setupDom.ts'],
    // Bounds, not delays: every wait ends as soon as its condition holds. They are wide because CI may run on
    // a loaded two-core machine (a second copy of the suite beside this one doubled some waits tenfold).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 20_000 } },
    fileParallelism: true,
    maxWorkers: 2,
  },
});
