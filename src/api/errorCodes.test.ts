import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from './errors.js';

/** Every `super('CODE', …)` of a TaskcastError subclass in src (1C client codes stay inside the sync). */
function definedCodes(dir: string, out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'onec') definedCodes(path, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
      for (const m of readFileSync(path, 'utf8').matchAll(/super\('([A-Z_]+)'/g)) out.add(m[1]!);
    }
  }
  return out;
}

describe('error codes', () => {
  const codes = definedCodes(join(import.meta.dirname, '..'));
  const docs = readFileSync(join(import.meta.dirname, '../../docs/api.md'), 'utf8');

  it('every code has an HTTP status', () => {
    expect(codes.size).toBeGreaterThan(10);
    for (const code of codes) expect(ERROR_STATUS, code).toHaveProperty(code);
  });

  it('every code with a status is documented in docs/api.md with that status', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(docs, code).toMatch(new RegExp(`\\| \`${code}\` +\\| ${status} +\\|`));
    }
  });
});
