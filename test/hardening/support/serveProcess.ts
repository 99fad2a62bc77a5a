/**
 * A real `npm start` server process on a SQLite data directory of its own, with the admin logged in: what the
 * hardening tests that watch a whole server (its memory, its event loop) start.
 */
import { NodeProcess } from '../../cluster/processes.js';
import { UNLIMITED_LOGIN_ENV } from '../../support/loginLimits.js';
import { UNLIMITED_RATE_ENV } from '../../support/rateLimits.js';

/** A started server: its process, base URL (127.0.0.1) and an admin token. */
export interface ServeProcess {
  process: NodeProcess;
  url: string;
  token: string;
}

/** Starts src/cli/serve.ts on a free port with `env` (TASKCAST_DATA_DIR among it) and logs the admin in. */
export async function startServeProcess(name: string, adminPassword: string, env: Record<string, string>): Promise<ServeProcess> {
  const proc = new NodeProcess(name, 'src/cli/serve.ts', {
    PORT: '0',
    TASKCAST_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'error',
    ...UNLIMITED_LOGIN_ENV,
    ...UNLIMITED_RATE_ENV,
    ...env,
  });
  const [, address] = await proc.waitForOutput(/Taskcast: (http:\/\/\S+)/, 180_000);
  const url = address!.replace('localhost', '127.0.0.1');
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  if (res.status !== 200) throw new Error(`log-in on ${name} answered ${res.status}: ${await res.text()}`);
  return { process: proc, url, token: ((await res.json()) as { access_token: string }).access_token };
}
