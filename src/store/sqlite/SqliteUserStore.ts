import type Database from 'better-sqlite3';
import { type UserRole, type UserRow, type UserStore, UsernameTakenError } from '../../auth/index.js';

interface RawUser {
  id: number;
  username: string;
  password_hash: string;
  role: UserRole;
  created_at: number;
}

const toUser = (r: RawUser): UserRow => ({ ...r, created_at: new Date(r.created_at).toISOString() });

/** User accounts on SQLite. */
export class SqliteUserStore implements UserStore {
  private s!: Record<'insert' | 'byName' | 'byId' | 'all' | 'count' | 'setHash', Database.Statement<unknown[], RawUser>>;

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    const p = (sql: string) => this.db.prepare(sql) as Database.Statement<unknown[], RawUser>;
    this.s = {
      insert: p(
        `INSERT INTO users (username, password_hash, role, created_at) VALUES (@username, @password_hash, @role, @now) RETURNING *`,
      ),
      byName: p(`SELECT * FROM users WHERE lower(username) = lower(?)`),
      byId: p(`SELECT * FROM users WHERE id = ?`),
      all: p(`SELECT * FROM users ORDER BY id`),
      count: p(`SELECT count(*) FROM users`),
      setHash: p(`UPDATE users SET password_hash = @to WHERE id = @id AND password_hash = @from`),
    };
  }

  async insertUser(user: { username: string; password_hash: string; role: UserRole }): Promise<UserRow> {
    try {
      return toUser(this.s.insert.get({ ...user, now: Date.now() })!);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UsernameTakenError(user.username);
      throw err;
    }
  }

  async getUserByUsername(username: string): Promise<UserRow | null> {
    const r = this.s.byName.get(username);
    return r ? toUser(r) : null;
  }

  async setPasswordHash(id: number, from: string, to: string): Promise<boolean> {
    return this.s.setHash.run({ id, from, to }).changes === 1;
  }

  async getUserById(id: number): Promise<UserRow | null> {
    const r = this.s.byId.get(id);
    return r ? toUser(r) : null;
  }

  async listUsers(): Promise<UserRow[]> {
    return this.s.all.all().map(toUser);
  }

  async countUsers(): Promise<number> {
    return this.s.count.pluck().get() as unknown as number;
  }
}
