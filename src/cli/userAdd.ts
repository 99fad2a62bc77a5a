/**
 * `npm run user:add -- --username NAME --role ROLE`: adds a user to the configured storage. The password
 * is read from TASKCAST_NEW_USER_PASSWORD, or asked for on the terminal (not echoed).
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { newUserSchema } from '../api/index.js';
import { hashPassword } from '../auth/index.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { UsernameTakenError } from '../auth/index.js';
import { openStorage } from '../store/index.js';

const USAGE =
  'Usage: npm run user:add -- --username NAME --role admin|manager|user\n' +
  '  The password comes from TASKCAST_NEW_USER_PASSWORD or is asked for.\n';

/** Reads a line from the terminal without echoing it. */
async function askHidden(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new Error('No terminal to ask for the password: set TASKCAST_NEW_USER_PASSWORD');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  let muted = false;
  out._writeToOutput = (s: string) => {
    if (!muted || s.includes(prompt)) process.stdout.write(s);
  };
  const answer = new Promise<string>((resolve) => rl.question(prompt, resolve));
  muted = true;
  const value = await answer;
  rl.close();
  process.stdout.write('\n');
  return value;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { username: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.username || !args.role) {
    process.stderr.write(USAGE);
    return args.help ? 0 : 2;
  }
  const config = loadConfig();
  const password = process.env.TASKCAST_NEW_USER_PASSWORD ?? (await askHidden(`Password for ${args.username}: `));
  const parsed = newUserSchema.safeParse({ username: args.username, role: args.role, password });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    process.stderr.write(`${issue.path.join('.')}: ${issue.message}\n`);
    return 2;
  }
  const storage = await openStorage({ databaseUrl: config.DATABASE_URL, dataDir: config.TASKCAST_DATA_DIR });
  try {
    const user = await storage.users.insertUser({
      username: parsed.data.username,
      role: parsed.data.role,
      password_hash: await hashPassword(parsed.data.password),
    });
    process.stdout.write(`Created user ${user.username} (id ${user.id}, role ${user.role}) in ${storage.kind}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsernameTakenError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? '' : 'user:add failed: '}${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
