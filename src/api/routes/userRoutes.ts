import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hashPassword, type UserChanges, type UserRow } from '../../auth/index.js';
import type { PublicUser, SessionUser } from '../../wire/index.js';
import type { Accounts } from '../context.js';
import { requireRole } from '../authenticate.js';
import { NotFoundError } from '../errors.js';
import { parseInput, pathId } from '../validation.js';
import { emailField, passwordField, roleField } from './accountFields.js';

/** Rules for a new account, shared with the CLI. */
export const newUserSchema = z.strictObject({
  username: z.string({ error: 'must be a string' }).regex(/^[\p{L}\p{N}._@-]{3,64}$/u, 'must be 3–64 letters, digits or . _ @ -'),
  password: passwordField,
  role: roleField,
  email: emailField.optional(),
});

/** What an admin may change of a user (PATCH /api/v1/users/{id}); `password` is a reset. */
const userPatchSchema = z.strictObject({
  email: emailField.optional(),
  role: roleField.optional(),
  disabled: z.boolean({ error: 'must be true or false' }).optional(),
  password: passwordField.optional(),
});

const userParams = z.strictObject({ id: pathId() });

/** A user as the admin's list shows it: never the password hash nor its token generation. */
export const publicUser = (u: UserRow): PublicUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
  email: u.email,
  created_at: u.created_at,
  disabled: u.disabled,
});

/** A user as it sees itself (GET /api/v1/auth/me, the log-in answer). */
export const sessionUser = (u: UserRow): SessionUser => ({ id: u.id, username: u.username, role: u.role, email: u.email });

/** POST, GET /api/v1/users and PATCH /api/v1/users/{id} (admin only). */
export function userRoutes(app: FastifyInstance, accounts: Accounts): void {
  app.post('/api/v1/users', async (request, reply) => {
    requireRole(request.caller, 'admin');
    const body = parseInput(newUserSchema, request.body, 'body');
    const user = await accounts.users.insertUser({
      username: body.username,
      role: body.role,
      email: body.email ?? null,
      password_hash: await hashPassword(body.password),
    });
    request.log.info({ user_id: user.id, role: user.role, by: request.caller.id }, 'user created');
    return reply.code(201).send(publicUser(user));
  });

  app.get('/api/v1/users', async (request) => {
    requireRole(request.caller, 'admin');
    return { users: (await accounts.users.listUsers()).map(publicUser) };
  });

  app.patch('/api/v1/users/:id', async (request) => {
    requireRole(request.caller, 'admin');
    const { id } = parseInput(userParams, request.params, 'params');
    const body = parseInput(userPatchSchema, request.body, 'body');
    const changes: UserChanges = { email: body.email, role: body.role, disabled: body.disabled };
    if (body.password !== undefined) changes.password_hash = await hashPassword(body.password);
    // LastAdminError (409) when it would leave no enabled admin; a reset or disabling ends the user's sessions.
    const user = await accounts.users.updateUser(id, changes);
    if (!user) throw new NotFoundError(`No user with id ${id}`);
    // Which fields changed, never their values (the password, the address).
    const fields = Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined);
    request.log.info({ user_id: id, fields, by: request.caller.id }, 'user changed');
    return publicUser(user);
  });
}
