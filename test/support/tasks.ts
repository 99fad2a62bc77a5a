import type { Json, Task, TaskEngine } from '../../src/engine/index.js';
import type { SqliteStorage, Storage } from '../../src/store/index.js';
import type { UserRole } from '../../src/auth/index.js';
import type { TestServer, TestUser } from './testServer.js';
import type { HeldTaskType } from './taskTypes.js';

/** Statuses a fixture task can be put in. */
export type FixtureStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

/** What a fixture task is made of. */
export interface FixtureTask {
  type: string;
  owner?: TestUser | null;
  status?: FixtureStatus;
  total?: number;
  result?: Json;
}

/**
 * A task in the given status, driven by hand through the engine (create, start, complete/fail/cancel).
 * Use it with a type no runner claims: an unregistered one, or any type on an engine with runTasks: false.
 */
export async function makeTask(engine: TaskEngine, f: FixtureTask): Promise<Task> {
  const task = await engine.createTask({ task_type: f.type, user_id: f.owner?.user.id ?? null, total: f.total });
  const id = task.task_id;
  switch (f.status ?? 'pending') {
    case 'pending':
      return task;
    case 'cancelled':
      return engine.cancelTask(id);
    case 'running':
      return engine.startTask(id);
    case 'completed':
      await engine.startTask(id);
      return engine.completeTask(id, f.result ?? { ok: true });
    case 'failed':
      await engine.startTask(id);
      return engine.failTask(id, 'something broke');
  }
}

/** Moves a finished task's completion time `hours` into the past (SQLite test storage only). */
export function backdateFinish(storage: Storage, taskId: string, hours: number): void {
  const db = (storage as SqliteStorage).db;
  const changed = db
    .prepare('UPDATE tasks SET completed_at = ? WHERE task_id = ? AND completed_at IS NOT NULL')
    .run(Date.now() - hours * 3_600_000, taskId);
  if (changed.changes !== 1) throw new Error(`task ${taskId} is not finished`);
}

let userCounter = 0;

/** A new account on the test server with a valid token (so a test starts from a user with no tasks). */
export async function addUser(server: TestServer, role: UserRole, prefix: string = role): Promise<TestUser> {
  const username = `${prefix}-${++userCounter}`;
  const password = 'irrelevant-here';
  // Tokens are all these tests need; a real hash is not (logging in is tested elsewhere).
  const user = await server.storage.users.insertUser({ username, role, password_hash: 'scrypt$0$0$0$AA==$AA==' });
  return { user, password, token: await server.tokens.issue({ id: user.id, username, role }) };
}

/** A task of a held type enqueued for `owner`, once its handler runs (and waits) in the engine's runner. */
export async function runningHeldTask(engine: TaskEngine, type: HeldTaskType, owner: TestUser): Promise<Task> {
  const task = await engine.enqueue(type.type, { user_id: owner.user.id });
  await type.started(task.task_id);
  return task;
}
