import { defineConfig } from 'vitest/config';

// One runner for every test: the server-side suites run in Node; the web components declare
// `// @vitest-environment jsdom` in their own files.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
