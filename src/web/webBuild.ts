/**
 * The built web app: where it is, whether it is older than its sources, and building it with Vite when it
 * is. Vite runs in a child process: loaded into the server, its bundler and plugins stayed resident after the
 * build (the server held about 700 MB instead of 140 MB for as long as it ran). Builds go to a temporary
 * folder first and are moved into place at the end, so two servers starting at once (or a test run) never
 * serve a half-written build.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** Where the web app's sources and build live. */
export interface WebPaths {
  /** The Vite root (web/). */
  root: string;
  /** The build (web/dist). */
  dist: string;
  /** Files and folders whose newest modification makes the build stale. */
  sources: string[];
  /** web/vite.config.ts */
  configFile: string;
  /** Where builds are written before they are moved into `dist` (same file system). */
  scratch: string;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The paths of this repository's web app. */
export function defaultWebPaths(repoRoot: string = REPO_ROOT): WebPaths {
  const root = path.join(repoRoot, 'web');
  return {
    root,
    dist: path.join(root, 'dist'),
    sources: [path.join(root, 'src'), path.join(root, 'public'), path.join(root, 'index.html'), path.join(root, 'vite.config.ts')],
    configFile: path.join(root, 'vite.config.ts'),
    scratch: path.join(repoRoot, 'node_modules', '.cache', 'taskcast-web'),
  };
}

// Tests are not part of the bundle: editing one does not make the build stale.
const NOT_A_SOURCE = /\.test\.[cm]?[jt]sx?$/;

/** The newest modification time (ms) among the files under `sources`; 0 when there is none. */
export async function newestSourceTime(sources: readonly string[]): Promise<number> {
  let newest = 0;
  const visit = async (p: string): Promise<void> => {
    let info;
    try {
      info = await stat(p);
    } catch {
      return; // an optional source (e.g. public/) that does not exist
    }
    if (info.isDirectory()) {
      for (const entry of await readdir(p)) await visit(path.join(p, entry));
    } else if (!NOT_A_SOURCE.test(p)) {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  for (const source of sources) await visit(source);
  return newest;
}

/** Why a build is needed, or null when the existing one is up to date. */
export type StaleReason = 'missing' | 'outdated' | null;

/** Whether `dist/index.html` is missing or older than the newest source file. */
export async function buildStaleness(paths: Pick<WebPaths, 'dist' | 'sources'>): Promise<StaleReason> {
  let built: number;
  try {
    built = (await stat(path.join(paths.dist, 'index.html'))).mtimeMs;
  } catch {
    return 'missing';
  }
  return (await newestSourceTime(paths.sources)) > built ? 'outdated' : null;
}

/** A Vite build that failed: its exit and the end of what it printed. */
export class WebBuildError extends Error {
  readonly code = 'WEB_BUILD_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'WebBuildError';
  }
}

/** Runs `vite build` in a child Node process (same Node binary), writing into `outDir`. */
function runViteBuild(paths: WebPaths, outDir: string): Promise<void> {
  const viteCli = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const args = [viteCli, 'build', paths.root, '--config', paths.configFile, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    // The production bundle whoever starts the build: under vitest NODE_ENV is 'test', which Vite keeps, and the
    // bundle then was React's development build with antd's test-mode ids (`test-id`), left in web/dist for the
    // next `npm start` to serve.
    const env = { ...process.env, NODE_ENV: 'production' };
    const child = spawn(process.execPath, args, { cwd: paths.root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.once('error', (err) => reject(new WebBuildError(`vite build could not start: ${err.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new WebBuildError(`vite build exited with ${signal ?? code}: ${stderr.trim().slice(-1000)}`));
    });
  });
}

/** Runs Vite's production build (in a child process) into a scratch folder and moves the result to `paths.dist`. */
export async function buildWebApp(paths: WebPaths): Promise<void> {
  await mkdir(paths.scratch, { recursive: true });
  const outDir = path.join(paths.scratch, `build-${randomUUID()}`);
  try {
    await runViteBuild(paths, outDir);
    const old = path.join(paths.scratch, `old-${randomUUID()}`);
    await rename(paths.dist, old).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    try {
      await rename(outDir, paths.dist);
    } catch (err) {
      // Another process moved its build in meanwhile: it is just as new, keep it.
      if ((err as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** A build lock older than this is left over from a process that died while building, ms. */
const STALE_LOCK_MS = 10 * 60_000;
/** How often a process waiting for another's build looks whether it is done, ms. */
const LOCK_POLL_MS = 200;

/**
 * Runs `fn` while holding the build lock (a directory: mkdir is atomic), so that processes starting at once
 * — several servers, or test files each starting one — build one after another instead of racing to move
 * their builds into place (a server could then find no build at the instant it looked, and serve no app).
 */
async function withBuildLock<T>(scratch: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(scratch, { recursive: true });
  const lock = path.join(scratch, 'build.lock');
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const since = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await sleep(LOCK_POLL_MS); // another process is building: wait for its lock to go
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Builds the app when its build is missing or stale (one process at a time); answers what it did. */
export async function ensureWebApp(paths: WebPaths, log: (reason: Exclude<StaleReason, null>) => void): Promise<'fresh' | 'built'> {
  if ((await buildStaleness(paths)) === null) return 'fresh';
  return withBuildLock(paths.scratch, async () => {
    // Another process may have built it while this one waited for the lock.
    const reason = await buildStaleness(paths);
    if (reason === null) return 'fresh';
    log(reason);
    await buildWebApp(paths);
    return 'built';
  });
}
