import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A checkout of `rev` beside this one, sharing its node_modules, with the A/B runner copied in. */
export interface Worktree {
  dir: string;
  commit: string;
  remove(): void;
}

/** Checks out `rev` (any git revision) into a temporary worktree of the repository at `root`. */
export function checkoutBaseline(root: string, rev: string): Worktree {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--verify', `${rev}^{commit}`);
  const dir = join(mkdtempSync(join(tmpdir(), 'taskcast-ab-')), 'tree');
  git('worktree', 'add', '--detach', dir, commit);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const runner = join(dir, 'bench', 'ab', 'once.ts');
  if (!existsSync(join(dir, 'bench', 'ab'))) execFileSync('mkdir', ['-p', join(dir, 'bench', 'ab')]);
  copyFileSync(join(root, 'bench', 'ab', 'once.ts'), runner);
  return { dir, commit, remove: () => git('worktree', 'remove', '--force', dir) };
}
