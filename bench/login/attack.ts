/**
 * The load of the log-in benchmark: clients each on a loopback address of its own (127.0.1.N, so that the per-address
 * limit sees 40 addresses, as it would 40 machines), each sending wrong passwords for one user name as fast as the
 * server answers, one request at a time.
 */
import { request } from 'node:http';

/** One log-in over node:http from `localAddress`: the status and the time it took, ms. */
export function loginFrom(url: string, localAddress: string, username: string, password: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v1/auth/login`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What the attackers did: attempts, and how many were answered 401 (a password checked) and 429 (refused before). */
export interface AttackCounts {
  attempts: number;
  checked: number;
  throttled: number;
}

/** A running attack; `stop` resolves once every client's last request has been answered. */
export interface Attack {
  counts: AttackCounts;
  stop(): Promise<AttackCounts>;
}

/** Starts `clients` attackers sending wrong passwords for `username` to `url` until stopped. */
export function startAttack(url: string, clients: number, username: string): Attack {
  const counts: AttackCounts = { attempts: 0, checked: 0, throttled: 0 };
  let running = true;
  const loops = Array.from({ length: clients }, async (_, i) => {
    const address = `127.0.1.${i + 1}`;
    for (let n = 0; running; n++) {
      const { status } = await loginFrom(url, address, username, `wrong-${i}-${n}`);
      counts.attempts++;
      if (status === 401) counts.checked++;
      else if (status === 429) counts.throttled++;
      else throw new Error(`an attacker's log-in answered ${status}`);
    }
  });
  return {
    counts,
    async stop() {
      running = false;
      await Promise.all(loops);
      return counts;
    },
  };
}
