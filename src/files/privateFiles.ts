/**
 * The data directory holds the database (password hashes, every record), the JWT secret and the generated
 * admin password: only the account that runs Taskcast may read it. A directory Taskcast creates is 0700 and
 * a file it creates 0600, whatever the umask; an existing directory is left as the operator made it.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Creates `dir` (and missing parents) with mode 0700; an existing directory is not changed. */
export function ensurePrivateDir(dir: string): void {
  // `mode` applies to every directory created here and only to them; the umask cannot widen 0700.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Creates `file` empty with mode 0600 when it does not exist, so that a program that then opens it (SQLite,
 * which also gives its -wal and -shm files the database's mode) never makes it readable by others. An existing
 * file readable by group or others (made by an older version) is narrowed to 0600.
 */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  narrowToOwner(file);
}

/** Removes group and other permissions from an existing file; a missing file or one we do not own is left alone. */
export function narrowToOwner(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}
