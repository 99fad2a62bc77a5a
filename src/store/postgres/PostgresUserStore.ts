import type pg from 'pg';
import { type UserRole, type UserRow, type UserStore, UsernameTakenError } from '../../auth/index.js';

interface RawUser {
  id: number;
  username: string;
  password_hash: string;
  role: UserRole;
  created_at: string;
}

const toUser = (r: RawUser): UserRow => r;

/** User accounts on PostgreSQL. */
export class PostgresUserStore implements UserStore {
  constructor(private readonly pool: pg.Pool) {}

  async insertUser(user: { username: string; password_hash: string; role: UserRole }): Promise<UserRow> {
    try {
      const res = await this.pool.query<RawUser>(`INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) RETURNING *`, [
        user.username,
        user.password_hash,
        user.role,
      ]);
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

  async countUsers(): Promise<number> {
    return (await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`)).rows[0]!.n;
  }
}
