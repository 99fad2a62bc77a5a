import type Database from 'better-sqlite3';
import {
  endsSessions,
  LastAdminError,
  removesLastAdmin,
  type UserChanges,
  type UserRole,
  type UserRow,
  type UserStore,
  UsernameTakenError,
} from '../../auth/index.js';

interface RawUser {
  id: number;
  username: string;
  password_hash: string;
  role: UserRole;
  created_at: number;
  email: string | null;
  disabled: 0 | 1;
  token_generation: number;
}

const toUser = (r: RawUser): UserRow => ({ ...r, created_at: new Date(r.created_at).toISOString(), disabled: r.disabled === 1 });

type Statements = 'insert' | 'byName' | 'byId' | 'all' | 'count' | 'setHash' | 'otherAdmins' | 'update';

/** User accounts on SQLite. */
export class SqliteUserStore implements UserStore {
  private s!: Record<Statements, Database.Statement<unknown[], RawUser>>;
  private update!: (id: number, changes: UserChanges) => UserRow | null;

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    const p = (sql: string) => this.db.prepare(sql) as Database.Statement<unknown[], RawUser>;
    this.s = {
      insert: p(
        `INSERT INTO users (username, password_hash, role, email, created_at) VALUES (@username, @password_hash, @role, @email, @now) RETURNING *`,
      ),
      byName: p(`SELECT * FROM users WHERE lower(username) = lower(?)`),
      byId: p(`SELECT * FROM users WHERE id = ?`),
      all: p(`SELECT * FROM users ORDER BY id`),
      count: p(`SELECT count(*) FROM users`),
      setHash: p(`UPDATE users SET password_hash = @to WHERE id = @id AND password_hash = @from`),
      otherAdmins: p(`SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?`),
      update: p(
        `UPDATE users SET
           email = CASE WHEN @set_email THEN @email ELSE email END,
           role = coalesce(@role, role),
           disabled = coalesce(@disabled, disabled),
           password_hash = coalesce(@password_hash, password_hash),
           token_generation = token_generation + @bump
         WHERE id = @id RETURNING *`,
      ),
    };
    // One write transaction taken at BEGIN IMMEDIATE: SQLite has one writer at a time, so the count of other admins
    // cannot change under it (and a read upgraded to a write later cannot fail half-way).
    const update = this.db.transaction((id: number, changes: UserChanges): UserRow | null => {
      const raw = this.s.byId.get(id);
      if (!raw) return null;
      const before = toUser(raw);
      const others = this.s.otherAdmins.pluck().get(id) as unknown as number;
      if (removesLastAdmin(before, changes, others)) throw new LastAdminError();
      return toUser(
        this.s.update.get({
          id,
          set_email: changes.email !== undefined ? 1 : 0,
          email: changes.email ?? null,
          role: changes.role ?? null,
          disabled: changes.disabled === undefined ? null : changes.disabled ? 1 : 0,
          password_hash: changes.password_hash ?? null,
          bump: endsSessions(before, changes) ? 1 : 0,
        })!,
      );
    });
    this.update = (id, changes) => update.immediate(id, changes);
  }

  async insertUser(user: { username: string; password_hash: string; role: UserRole; email?: string | null }): Promise<UserRow> {
    try {
      return toUser(this.s.insert.get({ ...user, email: user.email ?? null, now: Date.now() })!);
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

  async updateUser(id: number, changes: UserChanges): Promise<UserRow | null> {
    return this.update(id, changes);
  }

  async countUsers(): Promise<number> {
    return this.s.count.pluck().get() as unknown as number;
  }
}
