/** Notification store conformance: the admins' rules and the users' watches of a task. */
import { expect, it } from 'vitest';
import { uuidv7 } from '../../../src/engine/index.js';
import { newTaskFixture } from './newTaskFixture.js';
import { type NotificationSuite, REPORT, newRuleFixture } from './notificationSuite.js';

/** Registers the rule and watch tests. */
export function notificationRuleTests(suite: NotificationSuite): void {
  it('a rule is stored as given, with the database’s created_at/updated_at; unknown ids read as null', async () => {
    const { notifications } = suite.storage();
    const given = newRuleFixture({
      name: 'Отчёты',
      event: 'completed',
      task_type: REPORT,
      user_ids: [1, 2],
      user_channels: ['email', 'app'],
      emails: ['ops@example.com'],
      webhook_url: 'https://hooks.example.com/x',
      webhook_secret: 'секрет',
      mode: 'digest',
      digest_minutes: 15,
      created_by: 7,
    });
    const row = await notifications.insertRule(given);
    expect(row).toMatchObject(given);
    expect(Math.abs(Date.parse(row.created_at) - Date.now())).toBeLessThan(60_000);
    expect(row.updated_at).toBe(row.created_at);
    expect(await notifications.getRule(given.id)).toEqual(row);
    expect(await notifications.getRule(uuidv7())).toBeNull();
    expect(await notifications.getRule('not-a-uuid')).toBeNull();
    const stuck = await notifications.insertRule(newRuleFixture({ event: 'stuck', stuck_minutes: 30, enabled: false, user_ids: [] }));
    expect(stuck).toMatchObject({ event: 'stuck', stuck_minutes: 30, enabled: false, user_ids: [], webhook_url: null });
  });

  it('listRules: by name, then id', async () => {
    const { notifications } = suite.storage();
    const b1 = await notifications.insertRule(newRuleFixture({ name: 'b' }));
    const a = await notifications.insertRule(newRuleFixture({ name: 'a' }));
    const b2 = await notifications.insertRule(newRuleFixture({ name: 'b' }));
    expect((await notifications.listRules()).map((r) => r.id)).toEqual([a.id, b1.id, b2.id]);
  });

  it('updateRule writes the fields given (null too) and keeps the rest; deleteRule; unknown ids', async () => {
    const { notifications } = suite.storage();
    const row = await notifications.insertRule(newRuleFixture({ task_type: REPORT, emails: ['a@example.com'] }));
    const edited = await notifications.updateRule(row.id, {
      name: 'renamed',
      task_type: null,
      enabled: false,
      emails: [],
      user_channels: ['email'],
    });
    expect(edited).toEqual({
      ...row,
      name: 'renamed',
      task_type: null,
      enabled: false,
      emails: [],
      user_channels: ['email'],
      updated_at: edited!.updated_at,
    });
    expect(Date.parse(edited!.updated_at)).toBeGreaterThanOrEqual(Date.parse(row.updated_at));
    expect(await notifications.updateRule(row.id, {})).toMatchObject({ name: 'renamed', enabled: false });
    expect(await notifications.updateRule(uuidv7(), { name: 'x' })).toBeNull();
    expect(await notifications.updateRule('nope', { name: 'x' })).toBeNull();
    expect(await notifications.deleteRule(row.id)).toBe(true);
    expect(await notifications.deleteRule(row.id)).toBe(false);
    expect(await notifications.getRule(row.id)).toBeNull();
    expect(await notifications.deleteRule('nope')).toBe(false);
  });

  it('a watch: inserted, its channels replaced by a second call, listed per task, removed; per user', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const [task, other] = await storage.tasks.insertTasks([newTaskFixture(REPORT), newTaskFixture(REPORT)]);
    const w = await notifications.watchTask(task!.task_id, 1, ['app']);
    expect(w).toEqual({ task_id: task!.task_id, channels: ['app'], created_at: w.created_at });
    expect(await notifications.getWatch(task!.task_id, 1)).toEqual(w);
    expect(await notifications.getWatch(task!.task_id, 2)).toBeNull();
    expect(await notifications.getWatch(other!.task_id, 1)).toBeNull();
    const replaced = await notifications.watchTask(task!.task_id, 1, ['email', 'app']);
    expect(replaced.channels).toEqual(['email', 'app']);
    await notifications.watchTask(task!.task_id, 2, ['email']);
    expect(await notifications.listWatches(task!.task_id)).toEqual([
      { ...replaced, user_id: 1 },
      { task_id: task!.task_id, user_id: 2, channels: ['email'], created_at: expect.any(String) },
    ]);
    expect(await notifications.listWatches(other!.task_id)).toEqual([]);
    expect(await notifications.unwatchTask(task!.task_id, 1)).toBe(true);
    expect(await notifications.unwatchTask(task!.task_id, 1)).toBe(false);
    expect((await notifications.listWatches(task!.task_id)).map((x) => x.user_id)).toEqual([2]);
    expect(await notifications.getWatch('nope', 1)).toBeNull();
  });

  it('a watch goes with its task (the retention clean-up deletes both)', async () => {
    const storage = suite.storage();
    const [task] = await storage.tasks.insertTasks([newTaskFixture(REPORT)]);
    await storage.notifications.watchTask(task!.task_id, 1, ['app']);
    await storage.tasks.requestCancel(task!.task_id);
    expect(await storage.tasks.deleteFinishedBefore(new Date(Date.now() + 3_600_000))).toBe(1);
    expect(await storage.notifications.listWatches(task!.task_id)).toEqual([]);
  });
}
