import type pg from 'pg';
import {
  endsSessions,
  isActiveAdmin,
  LastAdminError,
  removesLastAdmin,
  type UserChanges,
  type UserRole,
  type UserRow,
  type UserStore,
  UsernameTakenError,
} from '../../auth/index.js';
import { pgTransaction } from './pgTransaction.js';

type RawUser = UserRow;

const toUser = (r: RawUser): UserRow => r;

/** User accounts on PostgreSQL. */
export class PostgresUserStore implements UserStore {
  constructor(private readonly pool: pg.Pool) {}

  async insertUser(user: { username: string; password_hash: string; role: UserRole; email?: string | null }): Promise<UserRow> {
    try {
      const res = await this.pool.query<RawUser>(
        `INSERT INTO users (username, password_hash, role, email) VALUES ($1, $2, $3, $4) RETURNING *`,
        [user.username, user.password_hash, user.role, user.email ?? null],
      );
      return toUser(res.rows[0]!);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new UsernameTakenError(user.username);
      throw err;
    }
  }

  async getUserByUsername(username: string): Promise<UserRow | null> {
    const res = await this.pool.query<RawUser>(`SELECT * FROM users WHERE lower(username) = lower($1)`, [username]);
    return res.rows[0] ? toUser(res.rows[0]) : null;
  }

  async setPasswordHash(id: number, from: string, to: string): Promise<boolean> {
    const res = await this.pool.query(`UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2`, [id, from, to]);
    return res.rowCount === 1;
  }

  async getUserById(id: number): Promise<UserRow | null> {
    const res = await this.pool.query<RawUser>(`SELECT * FROM users WHERE id = $1`, [id]);
    return res.rows[0] ? toUser(res.rows[0]) : null;
  }

  async listUsers(): Promise<UserRow[]> {
    return (await this.pool.query<RawUser>(`SELECT * FROM users ORDER BY id`)).rows.map(toUser);
  }

  async updateUser(id: number, changes: UserChanges): Promise<UserRow | null> {
    return pgTransaction(this.pool, 'BEGIN', async (c) => {
      // The user and every enabled admin, locked (in id order, so two such updates cannot deadlock): an update that
      // demotes or disables another admin meanwhile waits, and this one then counts without it.
      const locked = await c.query<Pick<UserRow, 'id' | 'role' | 'disabled'>>(
        `SELECT id, role, disabled FROM users WHERE id = $1 OR (role = 'admin' AND NOT disabled) ORDER BY id FOR UPDATE`,
        [id],
      );
      const before = locked.rows.find((r) => r.id === id);
      if (!before) return null;
      const others = locked.rows.filter((r) => r.id !== id && isActiveAdmin(r)).length;
      if (removesLastAdmin(before, changes, others)) throw new LastAdminError();
      const res = await c.query<RawUser>(
        `UPDATE users SET
           email = CASE WHEN $2::boolean THEN $3::text ELSE email END,
           role = coalesce($4::text, role),
           disabled = coalesce($5::boolean, disabled),
           password_hash = coalesce($6::text, password_hash),
           token_generation = token_generation + $7::int
         WHERE id = $1 RETURNING *`,
        [
          id,
          changes.email !== undefined,
          changes.email ?? null,
          changes.role ?? null,
          changes.disabled ?? null,
          changes.password_hash ?? null,
          endsSessions(before, changes) ? 1 : 0,
        ],
      );
      return toUser(res.rows[0]!);
    });
  }

  async countUsers(): Promise<number> {
    return (await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`)).rows[0]!.n;
  }
}
