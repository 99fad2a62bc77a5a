import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hashPassword } from '../../auth/index.js';
import { USER_ROLES, type UserRow } from '../../auth/index.js';
import type { PublicUser } from '../../wire/index.js';
import type { Accounts } from '../context.js';
import { requireRole } from '../authenticate.js';
import { parseInput } from '../validation.js';

/** Rules for a new account, shared with the CLI. */
export const newUserSchema = z.strictObject({
  username: z.string({ error: 'must be a string' }).regex(/^[\p{L}\p{N}._@-]{3,64}$/u, 'must be 3–64 letters, digits or . _ @ -'),
  password: z.string({ error: 'must be a string' }).min(8, 'must be at least 8 characters').max(1000, 'is too long'),
  role: z.enum(USER_ROLES, { error: `must be one of ${USER_ROLES.join(', ')}` }),
});

/** A user as the API shows it: never the password hash. */
export const publicUser = (u: UserRow): PublicUser => ({ id: u.id, username: u.username, role: u.role, created_at: u.created_at });

/** POST /api/v1/users and GET /api/v1/users (admin only). */
export function userRoutes(app: FastifyInstance, accounts: Accounts): void {
  app.post('/api/v1/users', async (request, reply) => {
    requireRole(request.caller, 'admin');
    const body = parseInput(newUserSchema, request.body, 'body');
    const user = await accounts.users.insertUser({
      username: body.username,
      role: body.role,
      password_hash: await hashPassword(body.password),
    });
    request.log.info({ user_id: user.id, role: user.role, by: request.caller.id }, 'user created');
    return reply.code(201).send(publicUser(user));
  });

  app.get('/api/v1/users', async (request) => {
    requireRole(request.caller, 'admin');
    return { users: (await accounts.users.listUsers()).map(publicUser) };
  });
}
