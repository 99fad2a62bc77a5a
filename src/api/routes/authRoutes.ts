import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { verifyPassword, hashPassword, needsRehash } from '../../auth/index.js';
import type { LoginResponse } from '../../wire/index.js';
import type { UserRow } from '../../auth/index.js';
import type { Accounts } from '../context.js';
import { AccountDisabledError, BadCredentialsError, CurrentPasswordWrongError, NotFoundError, ValidationError } from '../errors.js';
import { parseInput } from '../validation.js';
import { emailField, passwordField } from './accountFields.js';
import { sessionUser } from './userRoutes.js';

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
    // Before anything costly: a locked name or address is refused without running scrypt (LoginThrottledError, 429);
    // else the attempt is counted at once, so parallel attempts in flight count against the limit too.
    // request.ip is the peer's address, or the client's as a proxy reports it when the app trusts it (trustProxy).
    const attempt = await accounts.throttle.begin(body.username, request.ip);
    let user: UserRow | null;
    let ok: boolean;
    try {
      user = await accounts.users.getUserByUsername(body.username);
      dummyHash ??= hashPassword('not-a-real-password');
      ok = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash));
    } catch (err) {
      await attempt.abandon();
      throw err;
    }
    if (!user || !ok) {
      // The typed name is logged only when it is an account's: people type their password into the name field.
      request.log.info(user ? { user_id: user.id, username: user.username } : { unknown_user: true }, 'login failed');
      const lockMs = attempt.failed();
      if (lockMs > 0) request.log.warn({ ...(user ? { user_id: user.id } : {}), ip: request.ip, lock_ms: lockMs }, 'login locked');
      throw new BadCredentialsError();
    }
    // Told only now that the password is right, so a disabled account cannot be found by trying names.
    if (user.disabled) {
      await attempt.abandon();
      request.log.info({ user_id: user.id }, 'login refused: account disabled');
      throw new AccountDisabledError();
    }
    await attempt.succeeded();
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
    request.log.info({ user_id: user.id }, 'login');
    return session(accounts, user);
  });
}

/** A fresh session for `user`: a token of its current generation, and the user as it sees itself. */
async function session(accounts: Accounts, user: UserRow): Promise<LoginResponse> {
  return {
    access_token: await accounts.tokens.issue({ id: user.id, username: user.username, role: user.role, generation: user.token_generation }),
    token_type: 'bearer',
    expires_in: accounts.tokens.ttlSeconds,
    user: sessionUser(user),
  };
}

/**
 * GET /api/v1/auth/me: the caller, however it was identified; with Taskcast's own accounts, with its e-mail (a
 * caller an application's own resolver identified has none here).
 */
export function meRoute(app: FastifyInstance, accounts?: Accounts): void {
  app.get('/api/v1/auth/me', async (request) => {
    const user = accounts ? await accounts.users.getUserById(request.caller.id) : null;
    return user ? sessionUser(user) : { ...request.caller, email: null };
  });
}

const profilePatch = z.strictObject({ email: emailField.optional() });

const passwordChange = z.strictObject({
  current_password: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(1000, 'is too long'),
  new_password: passwordField,
});

/** PATCH /api/v1/auth/me and POST /api/v1/auth/password: a user's own e-mail and password. */
export function profileRoutes(app: FastifyInstance, accounts: Accounts): void {
  app.patch('/api/v1/auth/me', async (request) => {
    const body = parseInput(profilePatch, request.body, 'body');
    const user = await accounts.users.updateUser(request.caller.id, { email: body.email });
    if (!user) throw new NotFoundError('Your account no longer exists');
    request.log.info({ user_id: user.id, fields: Object.keys(body) }, 'profile changed');
    return sessionUser(user);
  });

  // The answer is a new session, as log-in's: every token the user had, the one of this request included, stops
  // working (the token generation moves on), so this session goes on with the token returned here.
  app.post('/api/v1/auth/password', async (request) => {
    const body = parseInput(passwordChange, request.body, 'body');
    const { username, id } = request.caller;
    // Guessing the current password with a stolen token is throttled as guessing it at log-in is.
    const attempt = await accounts.throttle.begin(username, request.ip);
    let user: UserRow | null;
    let ok: boolean;
    try {
      user = await accounts.users.getUserById(id);
      ok = user ? await verifyPassword(body.current_password, user.password_hash) : false;
    } catch (err) {
      await attempt.abandon();
      throw err;
    }
    if (!user) {
      await attempt.abandon();
      throw new NotFoundError('Your account no longer exists');
    }
    if (!ok) {
      request.log.info({ user_id: id }, 'password change refused: wrong current password');
      attempt.failed();
      throw new CurrentPasswordWrongError();
    }
    await attempt.succeeded();
    if (body.new_password === body.current_password) throw new ValidationError('body.new_password: must differ from current_password');
    const changed = await accounts.users.updateUser(id, { password_hash: await hashPassword(body.new_password) });
    if (!changed) throw new NotFoundError('Your account no longer exists');
    request.log.info({ user_id: id }, 'password changed; other sessions ended');
    return session(accounts, changed);
  });
}
