import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../engine/index.js';
import { planEvent, type PlanInput, type Recipient } from './planEvent.js';
import type { NotificationRuleRow, OutboxEvent } from './port.js';

const at = '2026-12-06T10:00:30.000Z';

function rule(over: Partial<NotificationRuleRow>): NotificationRuleRow {
  return {
    id: 'r1',
    name: 'Ошибки',
    event: 'failed',
    task_type: null,
    stuck_minutes: null,
    user_ids: [],
    user_channels: ['app', 'email'],
    emails: [],
    webhook_url: null,
    webhook_secret: null,
    mode: 'immediate',
    digest_minutes: null,
    enabled: true,
    created_by: 1,
    created_at: at,
    updated_at: at,
    ...over,
  };
}

const task = {
  task_id: 't1',
  task_type: 'report',
  status: 'failed',
  user_id: 3,
  error: 'disk full',
  completed_at: at,
  payload: null,
  result: null,
} as unknown as TaskRow;

const event: OutboxEvent = { id: 7, kind: 'failed', task_id: 't1', task_type: 'report', rule_id: null, detail: null, created_at: at };

const users = new Map<number, Recipient>([
  [1, { id: 1, role: 'admin', email: 'Admin@Example.com', disabled: false }],
  [2, { id: 2, role: 'manager', email: 'm@example.com', disabled: false }],
  [3, { id: 3, role: 'user', email: null, disabled: false }],
  [4, { id: 4, role: 'user', email: 'other@example.com', disabled: false }],
  [5, { id: 5, role: 'admin', email: 'gone@example.com', disabled: true }],
]);

function input(over: Partial<PlanInput>): PlanInput {
  return { event, task, rules: [], watches: [], users, sharedTypes: ['sync_bank_transactions'], floodWindowMs: 60_000, ...over };
}

describe('planEvent', () => {
  it('tells a rule’s users on their channels, its addresses and its webhook, each once, under flood control', () => {
    const plan = planEvent(
      input({
        rules: [rule({ user_ids: [1, 3], emails: ['admin@example.com', 'ops@example.com'], webhook_url: 'https://hook.example/x' })],
      }),
    );
    const targets = plan.flood.map((f) => `${f.immediate.channel}:${f.immediate.recipient}`).sort();
    // The admin's own address and the rule's equal one are one target; user 3 has no e-mail, so only the bell.
    expect(targets).toEqual(['app:1', 'app:3', 'email:admin@example.com', 'email:ops@example.com', 'webhook:https://hook.example/x']);
    expect(plan.flood.every((f) => f.window_ms === 60_000 && f.window_key.startsWith('rr1:'))).toBe(true);
    expect(plan.flood[0]!.immediate.dedupe_key).toMatch(/^e7:rr1:/);
    expect(plan.flood[0]!.item).toEqual({ event_id: 7, task_type: 'report', task_id: 't1', error: 'disk full' });
    expect(plan.deliveries).toEqual([]);
  });

  it('never tells a user of a task they may not see, nor a disabled user', () => {
    const plan = planEvent(input({ rules: [rule({ user_ids: [2, 4, 5] })] }));
    expect(plan.flood).toEqual([]);
  });

  it('passes over disabled rules, other events, other types and another rule’s stall', () => {
    const rules = [
      rule({ id: 'a', enabled: false, emails: ['a@x.ru'] }),
      rule({ id: 'b', event: 'completed', emails: ['b@x.ru'] }),
      rule({ id: 'c', task_type: 'other', emails: ['c@x.ru'] }),
      rule({ id: 'd', task_type: 'report', emails: ['d@x.ru'] }),
    ];
    expect(planEvent(input({ rules })).flood.map((f) => f.immediate.recipient)).toEqual(['d@x.ru']);
    const stuck: OutboxEvent = { ...event, kind: 'stuck', rule_id: 's2', detail: { minutes: 5 } };
    const stuckRules = [rule({ id: 's1', event: 'stuck', emails: ['s1@x.ru'] }), rule({ id: 's2', event: 'stuck', emails: ['s2@x.ru'] })];
    expect(planEvent(input({ event: stuck, rules: stuckRules })).flood.map((f) => f.immediate.recipient)).toEqual(['s2@x.ru']);
  });

  it('puts a digest rule’s event in the digest of its aligned window', () => {
    const plan = planEvent(input({ rules: [rule({ mode: 'digest', digest_minutes: 10, emails: ['ops@example.com'] })] }));
    expect(plan.flood).toEqual([]);
    expect(plan.digests).toHaveLength(1);
    const start = Date.parse('2026-12-06T10:00:00.000Z');
    expect(plan.digests[0]).toMatchObject({
      channel: 'email',
      recipient: 'ops@example.com',
      digest_key: `d:rr1:email:ops@example.com:${start}`,
      due_at: '2026-12-06T10:10:00.000Z',
    });
  });

  it('tells watchers once per channel, keyed by the task’s end, unless a rule already tells them the same way', () => {
    const watches = [
      { user_id: 3, channels: ['app', 'email'] as const },
      { user_id: 1, channels: ['app', 'email'] as const },
    ];
    const plan = planEvent(
      input({
        rules: [rule({ user_ids: [1], user_channels: ['app'] })],
        watches: watches.map((w) => ({ ...w, channels: [...w.channels] })),
      }),
    );
    // User 3 has no e-mail: the bell only; user 1's bell comes from the rule, the e-mail from the watch.
    expect(plan.deliveries.map((d) => `${d.channel}:${d.recipient}`).sort()).toEqual(['app:3', 'email:admin@example.com']);
    expect(plan.deliveries.find((d) => d.recipient === '3')!.dedupe_key).toBe(`w:t1:${at}:3:app`);
  });

  it('an event recorded for a late watch speaks to that watcher only', () => {
    const late: OutboxEvent = { ...event, id: 9, detail: { watch_only: 3 } };
    const plan = planEvent(
      input({
        event: late,
        rules: [rule({ emails: ['ops@example.com'] })],
        watches: [
          { user_id: 3, channels: ['app'] },
          { user_id: 1, channels: ['app'] },
        ],
      }),
    );
    expect(plan.flood).toEqual([]);
    expect(plan.deliveries.map((d) => d.recipient)).toEqual(['3']);
    // The same key as the end event's own delivery would have: one of the two is written.
    expect(plan.deliveries[0]!.dedupe_key).toBe(`w:t1:${at}:3:app`);
  });
});
