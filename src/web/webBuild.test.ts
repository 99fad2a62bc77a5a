import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildStaleness, buildWebApp, defaultWebPaths, ensureWebApp, newestSourceTime } from './webBuild.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'taskcast-web-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a file with the given modification time (seconds since the epoch). */
async function file(relative: string, mtime: number): Promise<string> {
  const p = path.join(dir, relative);
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, relative);
  await utimes(p, mtime, mtime);
  return p;
}

describe('web build staleness', () => {
  const paths = () => ({
    dist: path.join(dir, 'dist'),
    sources: [path.join(dir, 'src'), path.join(dir, 'index.html'), path.join(dir, 'public')],
  });

  it('is missing without dist/index.html', async () => {
    await file('src/main.tsx', 1000);
    expect(await buildStaleness(paths())).toBe('missing');
  });

  it('is fresh when the build is newer than every source, and outdated when a source changes', async () => {
    await file('src/main.tsx', 1000);
    await file('src/components/A/A.tsx', 2000);
    await file('index.html', 1500);
    await file('dist/index.html', 3000);
    expect(await buildStaleness(paths())).toBeNull();

    await file('src/components/A/A.tsx', 4000);
    expect(await buildStaleness(paths())).toBe('outdated');
    await file('dist/index.html', 5000);
    await file('index.html', 6000);
    expect(await buildStaleness(paths())).toBe('outdated');
  });

  it('ignores test files, which are not part of the bundle', async () => {
    await file('src/main.tsx', 1000);
    await file('dist/index.html', 3000);
    await file('src/components/A/A.test.tsx', 9000);
    expect(await newestSourceTime(paths().sources)).toBe(1000 * 1000);
    expect(await buildStaleness(paths())).toBeNull();
  });

  it('does not build a fresh app', async () => {
    await file('src/main.tsx', 1000);
    await file('dist/index.html', 3000);
    const reasons: string[] = [];
    expect(await ensureWebApp({ ...defaultWebPaths(), ...paths(), scratch: path.join(dir, 'scratch') }, (r) => reasons.push(r))).toBe(
      'fresh',
    );
    expect(reasons).toEqual([]);
  });
});

describe('building the web app', () => {
  it('builds with Vite into dist, also when two builds run at once', async () => {
    const paths = { ...defaultWebPaths(), dist: path.join(dir, 'dist'), scratch: path.join(dir, 'scratch') };
    const reasons: string[] = [];
    const outcomes = await Promise.all([ensureWebApp(paths, (r) => reasons.push(r)), buildWebApp(paths)]);
    expect(outcomes[0]).toBe('built');
    expect(reasons).toEqual(['missing']);
    expect(existsSync(path.join(paths.dist, 'index.html'))).toBe(true);
    const scripts = (await readdir(path.join(paths.dist, 'assets'))).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    // A production bundle though vitest runs with NODE_ENV=test: no antd test-mode ids (rc-util's useId answers
    // 'test-id' under NODE_ENV=test) nor React's development build, which npm start would otherwise serve from
    // web/dist after a test run.
    expect(process.env.NODE_ENV).toBe('test');
    const code = await Promise.all(scripts.map((f) => readFile(path.join(paths.dist, 'assets', f), 'utf8')));
    expect(scripts.filter((_, i) => code[i]?.includes('test-id'))).toEqual([]);
    expect(scripts.filter((_, i) => code[i]?.includes('react-stack-top-frame'))).toEqual([]);
    // The scratch folder is left empty: no half builds lying around.
    expect(await readdir(paths.scratch)).toEqual([]);
    expect(await buildStaleness(paths)).toBeNull();
  }, 60_000);

  it('servers starting at once build once: the others wait for that build and find it fresh', async () => {
    const paths = { ...defaultWebPaths(), dist: path.join(dir, 'dist-once'), scratch: path.join(dir, 'scratch-once') };
    const reasons: string[] = [];
    const outcomes = await Promise.all([0, 1, 2].map(() => ensureWebApp(paths, (r) => reasons.push(r))));
    expect(outcomes.sort()).toEqual(['built', 'fresh', 'fresh']);
    expect(reasons).toEqual(['missing']);
    expect(existsSync(path.join(paths.dist, 'index.html'))).toBe(true);
    expect(await readdir(paths.scratch)).toEqual([]); // the lock is gone too
  }, 120_000);
});
