/**
 * The notifier of one node (issue 15, docs/notifications.md). Every node runs one; none leads:
 * - a pass expands the outbox's events in order (planEvent decides, NotificationStore.expandEvent writes each
 *   event's deliveries and marks it processed in one transaction, idempotently), then claims due deliveries with a
 *   lease and sends them — e-mail, webhook, or the bell's line (written with the delivery's mark: exactly once);
 * - a failed send is retried with backoff (retryBaseMs doubling up to retryMaxMs) until giveUpMs after it was
 *   planned; a permanent refusal (an SMTP 5xx, a webhook's 4xx) is given up at once;
 * - a pass runs when the database says something changed (another node's event), when a task ends on this node,
 *   and at least every backstopMs (digests come due with no event);
 * - every stuckScanMs, when a `stuck` rule exists, running tasks whose `seq` has not moved for the rule's minutes
 *   (as this node saw them) are recorded as events, once per task, attempt and stall.
 */
import { backoffDelay, isFinalStatus, type Json, type Logger, type TaskEngine, type TaskRow } from '../engine/index.js';
import type { AppNotification, WebhookBody } from '../wire/index.js';
import type { RenderedMessage } from './content/index.js';
import { NOTIFIER_BATCH, SEND_CONCURRENCY, type NotifierSettings } from './defaults.js';
import { planEvent, type Recipient } from './planEvent.js';
import type { ClaimedDelivery, NotificationRuleRow, NotificationStore, NotificationWatcher } from './port.js';

/** How messages are written and sent (src/notifications/channels; a test may give its own peers' addresses). */
export interface NotifierChannels {
  render(content: Json): RenderedMessage;
  /** Throws; an error with `permanent: true` is not retried. */
  sendEmail(to: string, message: RenderedMessage, messageId: string): Promise<void>;
  postWebhook(url: string, secret: string, body: WebhookBody, deliveryId: string): Promise<void>;
  close(): Promise<void>;
}

/** What a notifier works with. */
export interface NotifierDeps {
  store: NotificationStore;
  watch: NotificationWatcher;
  engine: TaskEngine;
  /** The task as stored (with its payload). */
  getTask(taskId: string): Promise<TaskRow | null>;
  /** Every user, as the planner needs them. */
  listUsers(): Promise<Recipient[]>;
  channels: NotifierChannels;
  /** A bell line was written (on this node): push it to the user's sockets, here and on the other nodes. */
  onAppNotification(userId: number, notification: AppNotification): void;
  logger: Logger;
  settings: NotifierSettings;
}

/** After a pass that failed (the database unreachable), the next one waits at least this long, ms. */
const RETRY_AFTER_ERROR_MS = 1_000;
/** After a task ends on this node, the pass that looks for its event waits this long (coalescing a burst), ms. */
const LOCAL_END_DELAY_MS = 50;
/** Prune at most this often, ms. */
const PRUNE_EVERY_MS = 3_600_000;
/** Tries to record a delivery as sent before leaving it to its lease. */
const MARK_SENT_TRIES = 5;
/** A bell line's body: the message's summary, cut to this many characters. */
const APP_BODY_MAX = 600;

/** Whether a send error is permanent (the channel said so). */
function isPermanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;
}

export class Notifier {
  private timer: NodeJS.Timeout | null = null;
  private timerDue = 0;
  /** A task ended on this node during a pass: look again LOCAL_END_DELAY_MS after it. */
  private soonAfter = false;
  private passing: Promise<void> | null = null;
  private again = false;
  private running = false;
  private unwatch: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastStuckScan = 0;
  private lastPrune = 0;
  /** Running tasks as the stuck scan last saw them: seq and since when unchanged (this node's clock). */
  private readonly stalls = new Map<string, { attempt: number; seq: number; since: number }>();
  /** Passes made (tests). */
  passes = 0;

  constructor(private readonly deps: NotifierDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unwatch = this.deps.watch(() => this.poke());
    // This node's own final writes: SQLite's data_version does not change for the connection that wrote.
    // Coalesced: a node finishing thousands of tasks a second makes one pass per LOCAL_END_DELAY_MS, not one each.
    this.unsubscribe = this.deps.engine.subscribeAll((task) => {
      if (isFinalStatus(task.status)) this.soon();
    });
    this.poke();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    this.unwatch?.();
    this.unsubscribe?.();
    this.unwatch = this.unsubscribe = null;
    await this.passing;
    await this.deps.channels.close();
  }

  /** Looks at the outbox now (coalesced with a pass under way). */
  poke(): void {
    if (!this.running) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    this.clearTimer();
    this.passing = this.pass()
      .then(() => this.arm(this.deps.settings.backstopMs))
      .catch((err: unknown) => {
        this.deps.logger.warn({ err: String(err) }, 'notification pass failed; trying again shortly');
        this.arm(Math.max(RETRY_AFTER_ERROR_MS, Math.min(this.deps.settings.backstopMs, 5_000)));
      })
      .finally(() => {
        this.passing = null;
        if (this.again) {
          this.again = false;
          this.soonAfter = false;
          this.poke();
        } else if (this.soonAfter) {
          this.soonAfter = false;
          this.soon();
        }
      });
  }

  /** One pass: expand, send, and now and then scan for stuck tasks and prune. */
  async pass(): Promise<void> {
    this.passes++;
    // A batch expanded, then what is due sent: in a flood, the first message goes out at once, not after the
    // expansion of the whole outbox.
    while ((await this.expandBatch()) && this.running) await this.sendDue();
    await this.sendDue();
    const now = Date.now();
    if (now - this.lastStuckScan >= this.deps.settings.stuckScanMs) {
      this.lastStuckScan = now;
      if (await this.scanStuck()) while ((await this.expandBatch()) && this.running);
    }
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      const pruned = await this.deps.store.prune(this.deps.settings.retentionMs);
      if (pruned > 0) this.deps.logger.info({ rows: pruned }, 'old notifications pruned');
    }
  }

  /**
   * Expands the outbox's oldest batch: its tasks and watches read at once, its events planned in order and written in
   * one transaction (a flood of 10,000 events is 100 transactions, not 10,000). True when a full batch was expanded
   * (more may wait).
   */
  private async expandBatch(): Promise<boolean> {
    if (!this.running) return false;
    const events = await this.deps.store.pendingEvents(NOTIFIER_BATCH);
    if (events.length === 0) return false;
    const taskIds = [...new Set(events.flatMap((e) => (e.task_id ? [e.task_id] : [])))];
    const [rules, users, tasks, watches] = await Promise.all([
      this.deps.store.listRules(),
      this.deps.listUsers(),
      Promise.all(taskIds.map(async (id) => [id, await this.deps.getTask(id)] as const)),
      Promise.all(taskIds.map(async (id) => [id, await this.deps.store.listWatches(id)] as const)),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    const taskOf = new Map(tasks);
    const watchesOf = new Map(watches);
    const sharedTypes = this.deps.engine.types.sharedNames();
    const batch = events.map((event) => ({
      eventId: event.id,
      expansion: planEvent({
        event,
        task: event.task_id ? (taskOf.get(event.task_id) ?? null) : null,
        rules,
        watches: event.task_id ? (watchesOf.get(event.task_id) ?? []) : [],
        users: byId,
        sharedTypes,
        floodWindowMs: this.deps.settings.floodWindowMs,
      }),
    }));
    await this.deps.store.expandEvents(batch);
    return events.length === NOTIFIER_BATCH;
  }

  private async sendDue(): Promise<void> {
    const { leaseMs, digestQuotes } = this.deps.settings;
    for (;;) {
      if (!this.running) return;
      const claimed = await this.deps.store.claimDeliveries(NOTIFIER_BATCH, leaseMs, digestQuotes);
      if (claimed.length === 0) return;
      const rules = new Map((await this.deps.store.listRules()).map((r) => [r.id, r]));
      let next = 0;
      const worker = async () => {
        while (next < claimed.length) await this.send(claimed[next++]!, rules);
      };
      await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, claimed.length) }, worker));
      if (claimed.length < NOTIFIER_BATCH) return;
    }
  }

  /** The stored content, or a digest's built from what it holds. */
  private contentOf(d: ClaimedDelivery, rule: NotificationRuleRow | undefined): Json {
    if (!d.digest) return d.content;
    return {
      kind: 'digest',
      rule_name: rule?.name ?? '',
      event: rule?.event ?? '',
      total: d.digest.total,
      by_type: d.digest.by_type,
      items: d.digest.items.map((i) => ({ task_id: i.task_id, task_type: i.task_type, error: i.error })),
      window_start: d.digest.window_start,
      window_end: d.digest.window_end,
    };
  }

  private async send(d: ClaimedDelivery, rules: ReadonlyMap<string, NotificationRuleRow>): Promise<void> {
    const { store, channels } = this.deps;
    const rule = d.rule_id ? rules.get(d.rule_id) : undefined;
    const log = { delivery_id: d.id, channel: d.channel, rule_id: d.rule_id, attempt: d.attempt };
    try {
      const content = this.contentOf(d, rule);
      const message = channels.render(content);
      if (d.channel === 'app') {
        const line = await store.deliverApp(d.id, d.attempt, {
          kind: (content as { kind: AppNotification['kind'] }).kind,
          title: message.subject,
          body: message.summary.length > APP_BODY_MAX ? `${message.summary.slice(0, APP_BODY_MAX - 1)}…` : message.summary,
          task_id: ((content as { task?: { task_id?: string } | null }).task?.task_id as string | undefined) ?? null,
        });
        if (line && d.user_id !== null) this.deps.onAppNotification(d.user_id, line);
        return;
      }
      if (d.channel === 'email') {
        if (!this.deps.settings.smtpUrl) throw new Error('SMTP_URL is not set: e-mail cannot be sent');
        await channels.sendEmail(d.recipient, message, `<${d.id}@taskcast>`);
      } else {
        if (!rule?.webhook_secret) {
          await store.markFailed(d.id, d.attempt, 'the rule or its webhook was removed');
          return;
        }
        await channels.postWebhook(d.recipient, rule.webhook_secret, this.webhookBody(d, content, message), d.id);
      }
    } catch (err) {
      await this.failed(d, err, log);
      return;
    }
    // Sent: a failure to record it must not send it again (only a lease running out on a dead node does).
    await this.markSent(d, log);
  }

  /** Records a sent delivery, trying again while the database refuses (busy, a dropped connection). */
  private async markSent(d: ClaimedDelivery, log: Record<string, unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await this.deps.store.markSent(d.id, d.attempt))) {
          this.deps.logger.warn(log, 'notification sent, but its lease had passed to another node: it may be sent twice');
        } else {
          this.deps.logger.info(log, 'notification sent');
        }
        return;
      } catch (err) {
        if (attempt >= MARK_SENT_TRIES) {
          this.deps.logger.error({ ...log, err: String(err) }, 'notification sent but not recorded; it is sent again after its lease');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  /** A failed send: given up when permanent or too old, else due again after backoff. */
  private async failed(d: ClaimedDelivery, err: unknown, log: Record<string, unknown>): Promise<void> {
    const { store, logger } = this.deps;
    const reason = err instanceof Error ? err.message : String(err);
    try {
      const age = Date.now() - Date.parse(d.created_at);
      if (isPermanent(err) || age >= this.deps.settings.giveUpMs) {
        await store.markFailed(d.id, d.attempt, reason);
        logger.error({ ...log, err: reason }, 'notification given up');
        return;
      }
      const { retryBaseMs, retryMaxMs } = this.deps.settings;
      const delay = backoffDelay({ base_ms: retryBaseMs, factor: 2, max_ms: retryMaxMs, jitter: 'equal' }, d.attempt);
      await store.markRetry(d.id, d.attempt, delay, reason);
      logger.warn({ ...log, err: reason, retry_in_ms: delay }, 'notification not sent; will retry');
    } catch (markErr) {
      // Not recorded: the delivery stays leased and is tried again when the lease ends.
      logger.warn({ ...log, err: reason, mark_err: String(markErr) }, 'notification not sent; retried after its lease');
    }
  }

  private webhookBody(d: ClaimedDelivery, content: Json, message: RenderedMessage): WebhookBody {
    const c = content as {
      kind: WebhookBody['kind'];
      task?: Record<string, unknown> | null;
      schedule?: WebhookBody['schedule'];
      total?: number;
      by_type?: Record<string, number>;
      items?: { error: string | null }[];
    };
    return {
      id: d.id,
      kind: c.kind,
      rule_id: d.rule_id ?? '',
      created_at: d.created_at,
      task: c.task ?? null,
      schedule: c.schedule ?? null,
      digest:
        c.kind === 'digest'
          ? { total: c.total ?? 0, by_type: c.by_type ?? {}, first_errors: (c.items ?? []).flatMap((i) => (i.error ? [i.error] : [])) }
          : null,
      subject: message.subject,
      text: message.text,
    };
  }

  /** Records a `stuck` event for each running task past a stuck rule's minutes; true when any was recorded. */
  private async scanStuck(): Promise<boolean> {
    const rules = (await this.deps.store.listRules()).filter((r) => r.enabled && r.event === 'stuck' && r.stuck_minutes);
    if (rules.length === 0) {
      this.stalls.clear();
      return false;
    }
    const now = Date.now();
    const running = await this.deps.store.runningTasks();
    const seen = new Set<string>();
    let recorded = false;
    for (const t of running) {
      seen.add(t.task_id);
      const prev = this.stalls.get(t.task_id);
      const stall = prev && prev.attempt === t.attempt && prev.seq === t.seq ? prev : { attempt: t.attempt, seq: t.seq, since: now };
      this.stalls.set(t.task_id, stall);
      for (const rule of rules) {
        if (rule.task_type !== null && rule.task_type !== t.task_type) continue;
        const minutes = rule.stuck_minutes!;
        if (now - stall.since < minutes * 60_000) continue;
        const inserted = await this.deps.store.recordEvent({
          kind: 'stuck',
          dedupe_key: `stuck:${rule.id}:${t.task_id}:${t.attempt}:${t.seq}`,
          task_id: t.task_id,
          task_type: t.task_type,
          rule_id: rule.id,
          detail: { minutes },
        });
        recorded ||= inserted;
      }
    }
    for (const id of this.stalls.keys()) if (!seen.has(id)) this.stalls.delete(id);
    return recorded;
  }

  /** A pass within LOCAL_END_DELAY_MS (unless one is due sooner, or under way: it will look again). */
  private soon(): void {
    if (!this.running) return;
    if (this.passing) {
      this.soonAfter = true;
      return;
    }
    if (this.timer && this.timerDue <= Date.now() + LOCAL_END_DELAY_MS) return;
    this.arm(LOCAL_END_DELAY_MS);
  }

  private arm(ms: number): void {
    if (!this.running) return;
    this.clearTimer();
    this.timerDue = Date.now() + ms;
    this.timer = setTimeout(() => this.poke(), ms);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
