/**
 * The first start of a real `npm start` process on a fresh data directory (issue 9, items 6 and 9): what it
 * creates is readable by its own account only, and the generated admin password never goes out with the logs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeProcess, REPO_ROOT } from '../cluster/processes.js';

const root = await mkdtemp(join(tmpdir(), 'taskcast-first-start-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** The environment of a first start: nothing chosen, so Taskcast generates the secret and the password. */
const firstStartEnv = (dataDir: string): Record<string, string> => ({
  TASKCAST_DATA_DIR: dataDir,
  PORT: '0',
  LOG_LEVEL: 'info',
  // Nothing listens there: the embedded demo simulator does not start and no sync runs.
  ONEC_URL: 'http://127.0.0.1:9/demo/odata/standard.odata/',
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('a first start with output redirected (as under a service manager or a log shipper)', () => {
  // A data directory that does not exist yet, two levels deep: Taskcast creates both.
  const dataDir = join(root, 'piped', 'data');
  let server: NodeProcess;
  beforeAll(async () => {
    server = new NodeProcess('serve', 'src/cli/serve.ts', firstStartEnv(dataDir));
    await server.waitForOutput(/Taskcast is listening/, 120_000);
  }, 150_000);
  afterAll(() => server?.terminate());

  test('the data directory is 0700 and the database, its WAL files, the secret and the password file are 0600', async () => {
    expect((await mode(dataDir)).toString(8)).toBe('700');
    expect((await mode(join(root, 'piped'))).toString(8)).toBe('700');
    for (const file of ['taskcast.db', 'taskcast.db-wal', 'taskcast.db-shm', 'jwt-secret', 'admin-password.txt']) {
      expect({ file, mode: (await mode(join(dataDir, file))).toString(8) }).toEqual({ file, mode: '600' });
    }
  });

  test('the generated password is written nowhere but its file; the log names the file', async () => {
    const password = (await readFile(join(dataDir, 'admin-password.txt'), 'utf8')).trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const output = server.output();
    expect(output).not.toContain(password);
    const line = (await server.waitForOutput(/^\{.*"msg":"created the first user admin.*$/m))[0];
    expect(JSON.parse(line)).toMatchObject({ username: 'admin', password_file: join(dataDir, 'admin-password.txt') });
  });
});

describe('a first start on a terminal', () => {
  test('shows the password on the terminal (stderr) while the JSON log on stdout only names the file', async () => {
    const dataDir = join(root, 'tty', 'data');
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...firstStartEnv(dataDir) };
    // `script` gives the server a pseudo-terminal as stderr; stdout is sent to fd 3, a pipe read here.
    const command = `exec "${process.execPath}" --import tsx src/cli/serve.ts 1>&3`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    let terminal = '';
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (terminal += c));
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
    const listening = new Promise<void>((resolve, reject) => {
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: string) => {
        stdout += c;
        if (stdout.includes('Taskcast is listening')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${terminal}\n${stdout}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await listening;
      const password = (await readFile(join(dataDir, 'admin-password.txt'), 'utf8')).trim();
      expect(terminal).toContain(`Password: ${password}`);
      // …and where to change it.
      expect(terminal).toContain('POST /api/v1/auth/password');
      expect(stdout).not.toContain(password);
      expect(stdout).toContain('"password_file"');
    } finally {
      // Ctrl-C on the terminal: the server shuts down gracefully and `script` exits with it.
      child.stdin!.write('\x03');
      await exited;
    }
  }, 150_000);
});
