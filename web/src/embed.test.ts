/**
 * The `./react` entry stands alone: nothing reachable from it uses the app's `@/` alias (an embedding
 * application's bundler knows nothing of it, and may use `@/` for its own sources), and it exports what
 * docs/embedding.md names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as embed from './embed';

const ENTRY = join(import.meta.dirname, 'embed.ts');

/** The file a relative import names: `x.js` written for `x.ts`, or `x` for `x.ts`, `x.tsx`, `x/index.ts`. */
function resolveImport(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const found = candidates.find((c) => existsSync(c) && /\.(tsx?|css)$/.test(c));
  if (!found) throw new Error(`${from}: cannot resolve ${spec}`);
  return found;
}

/** Every source file reachable from `entry` by relative imports, with every import specifier seen. */
function importGraph(entry: string): { files: Set<string>; specifiers: Map<string, string[]> } {
  const files = new Set<string>();
  const specifiers = new Map<string, string[]>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    if (file.endsWith('.css')) return;
    const specs = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'([^']+)'/g)].map((m) => m[1]!);
    specifiers.set(file, specs);
    for (const spec of specs) if (spec.startsWith('.')) visit(resolveImport(file, spec));
  };
  visit(entry);
  return { files, specifiers };
}

describe('web/src/embed.ts', () => {
  it('reaches its sources by relative paths only (no @/ alias)', () => {
    const { files, specifiers } = importGraph(ENTRY);
    expect([...files].some((f) => f.endsWith('TaskProgress.tsx'))).toBe(true);
    expect([...files].some((f) => f.endsWith('TaskProgress.css'))).toBe(true);
    for (const [file, specs] of specifiers) {
      expect(
        specs.filter((s) => s.startsWith('@/')),
        file,
      ).toEqual([]);
    }
  });

  it('exports TaskProgress and the client pieces it runs on', () => {
    for (const name of [
      'TaskProgress',
      'configureApi',
      'setSession',
      'getSession',
      'login',
      'logout',
      'cancelTask',
      'getTaskStatus',
      'TaskWebSocket',
    ]) {
      expect(typeof (embed as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
