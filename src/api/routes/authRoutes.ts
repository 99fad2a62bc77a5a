import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { verifyPassword, hashPassword, needsRehash } from '../../auth/index.js';
import type { Accounts } from '../context.js';
import { BadCredentialsError } from '../errors.js';
import { parseInput } from '../validation.js';

const loginBody = z.strictObject({
  username: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(100, 'is too long'),
  password: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(1000, 'is too long'),
});

// Verifying against a real hash even for unknown names keeps response time from revealing which exist.
let dummyHash: Promise<string> | undefined;

/** POST /api/v1/auth/login: Taskcast's own accounts. */
export function loginRoute(app: FastifyInstance, accounts: Accounts): void {
  app.post('/api/v1/auth/login', { config: { public: true } }, async (request) => {
    const body = parseInput(loginBody, request.body, 'body');
    // Before anything costly: a locked name or address is refused without running scrypt (LoginThrottledError, 429).
    // request.ip is the peer's address, or the client's as a proxy reports it when the app trusts it (trustProxy).
    await accounts.throttle.check(body.username, request.ip);
    const user = await accounts.users.getUserByUsername(body.username);
    dummyHash ??= hashPassword('not-a-real-password');
    const ok = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash));
    if (!user || !ok) {
      // The typed name is logged only when it is an account's: people type their password into the name field.
      request.log.info(user ? { user_id: user.id, username: user.username } : { unknown_user: true }, 'login failed');
      const lockMs = await accounts.throttle.failed(body.username, request.ip);
      if (lockMs > 0) request.log.warn({ ...(user ? { user_id: user.id } : {}), ip: request.ip, lock_ms: lockMs }, 'login locked');
      throw new BadCredentialsError();
    }
    await accounts.throttle.succeeded(body.username);
    if (needsRehash(user.password_hash)) {
      // The password is at hand only now: bring an older hash up to today's scrypt cost. A failure here costs the
      // user nothing (the old hash still works), so it is logged and the log-in goes on.
      try {
        const rehashed = await accounts.users.setPasswordHash(user.id, user.password_hash, await hashPassword(body.password));
        if (rehashed) request.log.info({ user_id: user.id }, 'password rehashed with the current scrypt parameters');
      } catch (err) {
        request.log.warn({ user_id: user.id, err: String(err) }, 'rehashing the password failed; the old hash stays');
      }
    }
    const claims = { id: user.id, username: user.username, role: user.role };
    request.log.info({ user_id: user.id }, 'login');
    return {
      access_token: await accounts.tokens.issue(claims),
      token_type: 'bearer',
      expires_in: accounts.tokens.ttlSeconds,
      user: claims,
    };
  });
}

/** GET /api/v1/auth/me: the caller, however it was identified. */
export function meRoute(app: FastifyInstance): void {
  app.get('/api/v1/auth/me', async (request) => request.caller);
}
