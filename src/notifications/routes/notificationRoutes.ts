/**
 * The notifications' routes (issue 15, docs/api.md):
 * - `/api/v1/notification-rules` — admins only: who hears of which tasks' ends, stalls and missed ticks;
 * - `/api/v1/tasks/{id}/notify` — anyone who may see the task: "Сообщить мне по завершении";
 * - `/api/v1/notifications` — the caller's own bell.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput, queryInt, queryString, requireRole, ValidationError, visibleTask, type ApiContext } from '../../api/index.js';
import { isUuid, uuidv7 } from '../../engine/index.js';
import {
  NOTIFICATION_EVENTS,
  NOTIFICATION_MODES,
  USER_CHANNELS,
  type AppNotificationList,
  type NotificationRule,
} from '../../wire/index.js';
import { AppNotificationNotFoundError, NotificationRuleNotFoundError, NotWatchingError } from '../errors.js';
import type { NotificationRulePatch, NotificationStore } from '../port.js';

/** What the routes need besides the store. */
export interface NotificationRouteDeps {
  store: NotificationStore;
  /** Whether a task type is registered. */
  knownType: (taskType: string) => boolean;
  /** Whether a user id exists. */
  userExists: (id: number) => Promise<boolean>;
  /** Something was planned or changed: look at the outbox now. */
  poke: () => void;
}

const MAX_RECIPIENTS = 100;

/** A webhook's signing secret: 32 random bytes, prefixed so a leaked one is recognisable. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

const fields = {
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  event: z.enum(NOTIFICATION_EVENTS, { error: `must be one of ${NOTIFICATION_EVENTS.join(', ')}` }),
  task_type: z.string({ error: 'must be a string or null' }).min(1, 'must not be empty').max(100).nullable(),
  stuck_minutes: z
    .number({ error: 'must be a number of minutes or null' })
    .min(0.05, 'must be at least 0.05 (3 seconds)')
    .max(10_080, 'must be at most 10080 (a week)')
    .nullable(),
  user_ids: z
    .array(z.number({ error: 'must be user ids' }).int('must be user ids').positive('must be user ids'), {
      error: 'must be an array of user ids',
    })
    .max(MAX_RECIPIENTS, `must hold at most ${MAX_RECIPIENTS} users`),
  user_channels: z
    .array(z.enum(USER_CHANNELS, { error: `must be ${USER_CHANNELS.join(' or ')}` }), { error: 'must be an array' })
    .min(1, 'must name at least one channel')
    .transform((c) => [...new Set(c)]),
  emails: z
    .array(z.email({ error: 'must be e-mail addresses' }).max(254, 'must be e-mail addresses'), {
      error: 'must be an array of e-mail addresses',
    })
    .max(MAX_RECIPIENTS, `must hold at most ${MAX_RECIPIENTS} addresses`),
  webhook_url: z
    .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
    .max(2000, 'must be at most 2000 characters')
    .nullable(),
  mode: z.enum(NOTIFICATION_MODES, { error: `must be one of ${NOTIFICATION_MODES.join(', ')}` }),
  digest_minutes: z
    .number({ error: 'must be a number of minutes or null' })
    .int('must be a whole number of minutes')
    .min(1, 'must be from 1 to 1440')
    .max(1440, 'must be from 1 to 1440')
    .nullable(),
  enabled: z.boolean({ error: 'must be true or false' }),
};

const createBody = z.strictObject({
  name: fields.name,
  event: fields.event,
  task_type: fields.task_type.default(null),
  stuck_minutes: fields.stuck_minutes.default(null),
  user_ids: fields.user_ids.default([]),
  user_channels: fields.user_channels.default(['app', 'email']),
  emails: fields.emails.default([]),
  webhook_url: fields.webhook_url.default(null),
  mode: fields.mode.default('immediate'),
  digest_minutes: fields.digest_minutes.default(null),
  enabled: fields.enabled.default(true),
});
const patchBody = z.strictObject({ ...fields, rotate_secret: z.boolean({ error: 'must be true or false' }) }).partial();
const watchBody = z.strictObject({
  channels: z
    .array(z.enum(USER_CHANNELS, { error: `must be ${USER_CHANNELS.join(' or ')}` }), { error: 'must be an array' })
    .min(1, 'must name at least one channel')
    .transform((c) => [...new Set(c)]),
});
const bellQuery = z.object({ unread: queryString(), limit: queryInt(1, 100, 20) });

type RuleFields = Omit<NotificationRule, 'id' | 'webhook_secret' | 'created_by' | 'created_at' | 'updated_at'>;

export function notificationRoutes(app: FastifyInstance, ctx: ApiContext, deps: NotificationRouteDeps): void {
  const { store } = deps;

  /** The whole rule must make sense, whichever fields a request changed. */
  const checkRule = async (rule: RuleFields): Promise<void> => {
    if (rule.task_type !== null && !deps.knownType(rule.task_type)) {
      throw new ValidationError(`body.task_type: unknown task type "${rule.task_type}"`);
    }
    if (rule.event === 'stuck' && rule.stuck_minutes === null) {
      throw new ValidationError('body.stuck_minutes: required for a "stuck" rule (minutes without progress)');
    }
    if (rule.mode === 'digest' && rule.digest_minutes === null) {
      throw new ValidationError('body.digest_minutes: required in "digest" mode (the digest period, minutes)');
    }
    if (rule.user_ids.length === 0 && rule.emails.length === 0 && rule.webhook_url === null) {
      throw new ValidationError('body: a rule needs a recipient: user_ids, emails or webhook_url');
    }
    for (const id of rule.user_ids) {
      if (!(await deps.userExists(id))) throw new ValidationError(`body.user_ids: no user has id ${id}`);
    }
  };

  const ruleOf = async (id: string): Promise<NotificationRule> => {
    const rule = isUuid(id) ? await store.getRule(id.toLowerCase()) : null;
    if (!rule) throw new NotificationRuleNotFoundError(id);
    return rule;
  };

  app.get('/api/v1/notification-rules', async (request) => {
    requireRole(request.caller, 'admin');
    return { rules: await store.listRules() };
  });

  app.post('/api/v1/notification-rules', async (request, reply) => {
    requireRole(request.caller, 'admin');
    const body = parseInput(createBody, request.body, 'body');
    await checkRule(body);
    const rule = await store.insertRule({
      ...body,
      id: uuidv7(),
      webhook_secret: body.webhook_url ? newWebhookSecret() : null,
      created_by: request.caller.id,
    });
    request.log.info({ rule_id: rule.id, event: rule.event, by: request.caller.id }, 'notification rule created');
    return reply.code(201).send(rule);
  });

  app.get<{ Params: { id: string } }>('/api/v1/notification-rules/:id', async (request) => {
    requireRole(request.caller, 'admin');
    return ruleOf(request.params.id);
  });

  app.patch<{ Params: { id: string } }>('/api/v1/notification-rules/:id', async (request) => {
    requireRole(request.caller, 'admin');
    const current = await ruleOf(request.params.id);
    const { rotate_secret: rotate, ...changes } = parseInput(patchBody, request.body, 'body');
    await checkRule({ ...current, ...changes });
    const patch: NotificationRulePatch = { ...changes };
    const webhook = changes.webhook_url === undefined ? current.webhook_url : changes.webhook_url;
    if (webhook === null) patch.webhook_secret = null;
    else if (rotate || current.webhook_secret === null) patch.webhook_secret = newWebhookSecret();
    const rule = await store.updateRule(current.id, patch);
    if (!rule) throw new NotificationRuleNotFoundError(current.id);
    request.log.info({ rule_id: rule.id, fields: Object.keys(patch), by: request.caller.id }, 'notification rule edited');
    return rule;
  });

  app.delete<{ Params: { id: string } }>('/api/v1/notification-rules/:id', async (request, reply) => {
    requireRole(request.caller, 'admin');
    const { id } = await ruleOf(request.params.id);
    await store.deleteRule(id);
    request.log.info({ rule_id: id, by: request.caller.id }, 'notification rule deleted');
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/api/v1/tasks/:id/notify', async (request, reply) => {
    const task = await visibleTask(ctx, request, request.params.id);
    const { channels } = parseInput(watchBody, request.body, 'body');
    const watch = await store.watchTask(task.task_id, request.caller.id, channels);
    // A task that ended before the watch was stored (read again now: it may have ended meanwhile) is told at once.
    // Its delivery's key is the same as its own end event's would be, so one that saw the watch too sends nothing twice.
    const now = await ctx.engine.getTask(task.task_id);
    if (now && (now.status === 'completed' || now.status === 'failed' || now.status === 'cancelled')) {
      await store.recordEvent({
        kind: now.status,
        dedupe_key: `late-watch:${now.task_id}:${request.caller.id}:${now.completed_at}`,
        task_id: now.task_id,
        task_type: now.task_type,
        rule_id: null,
        detail: { watch_only: request.caller.id },
      });
      deps.poke();
    }
    return reply.code(201).send(watch);
  });

  app.get<{ Params: { id: string } }>('/api/v1/tasks/:id/notify', async (request) => {
    const task = await visibleTask(ctx, request, request.params.id);
    const watch = await store.getWatch(task.task_id, request.caller.id);
    if (!watch) throw new NotWatchingError(task.task_id);
    return watch;
  });

  app.delete<{ Params: { id: string } }>('/api/v1/tasks/:id/notify', async (request, reply) => {
    const task = await visibleTask(ctx, request, request.params.id);
    if (!(await store.unwatchTask(task.task_id, request.caller.id))) throw new NotWatchingError(task.task_id);
    return reply.code(204).send();
  });

  app.get('/api/v1/notifications', async (request): Promise<AppNotificationList> => {
    const q = parseInput(bellQuery, request.query, 'query');
    if (q.unread !== undefined && q.unread !== 'true' && q.unread !== 'false') {
      throw new ValidationError('query.unread: must be true or false');
    }
    return store.listAppNotifications(request.caller.id, { limit: q.limit, unreadOnly: q.unread === 'true' });
  });

  app.post('/api/v1/notifications/read-all', async (request) => {
    return { marked: await store.markAllRead(request.caller.id) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/notifications/:id/read', async (request, reply) => {
    const id = request.params.id;
    if (!isUuid(id) || !(await store.markRead(request.caller.id, id.toLowerCase()))) throw new AppNotificationNotFoundError(id);
    return reply.code(204).send();
  });
}
