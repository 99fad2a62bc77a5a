/**
 * Renders a notification's content (./types.ts) into the e-mail's subject, plain text and HTML, and the bell's
 * summary, in Russian, through the templates (./templates). This module only prepares the view — names, periods,
 * durations, links, cut errors — and the templates hold every word.
 */
import { elapsedMs, formatDateTime, formatDay, formatDurationWords, formatWindow } from './format.js';
import { isBankSync, isContractorsSync, taskTypeName } from './taskNames.js';
import { templates } from './templates.js';
import type { DigestContent, EventContent, MessageContent, RenderedMessage, RenderOptions, TaskSnapshot } from './types.js';

/** The longest error quoted in a message (a stack or a 1C page is cut there, with «…»). */
export const ERROR_QUOTE_CHARS = 1000;
/** The longest error quoted per digest item. */
export const DIGEST_ERROR_QUOTE_CHARS = 300;
/** The longest non-sync result shown (as compact JSON). */
const RESULT_CHARS = 300;

/** The message of `content`, rendered with the links of `options.publicUrl` (none when empty). */
export function renderMessage(content: MessageContent, options: RenderOptions): RenderedMessage {
  const view = content.kind === 'digest' ? digestView(content, options) : eventView(content, options);
  const subject = oneLine(templates.subject(view));
  const withSubject = { ...view, subject };
  const [text, html] =
    content.kind === 'digest'
      ? [templates['digest.text'](withSubject), templates['digest.html'](withSubject)]
      : content.kind === 'schedule_missed'
        ? [templates['scheduleMissed.text'](withSubject), templates['scheduleMissed.html'](withSubject)]
        : [templates['task.text'](withSubject), templates['task.html'](withSubject)];
  return { subject, text: tidyText(text), html: html.trim() + '\n', summary: oneLine(templates.summary(withSubject)) };
}

/** Flags the templates branch on (`kind.failed`, …): strict mode needs every key present. */
function kindFlags(kind: MessageContent['kind']) {
  return {
    completed: kind === 'completed',
    failed: kind === 'failed',
    cancelled: kind === 'cancelled',
    stuck: kind === 'stuck',
    schedule_missed: kind === 'schedule_missed',
    digest: kind === 'digest',
  };
}

/** The view of a single event (a task's end, a stuck task, a schedule's missed ticks). */
function eventView(content: EventContent, options: RenderOptions) {
  const task = content.task;
  const zone = options.timeZone;
  const base = baseUrl(options.publicUrl);
  const type = task?.task_type ?? '';
  return {
    kind: kindFlags(content.kind),
    name: task ? taskTypeName(task.task_type) : 'Задача',
    type: { bank: isBankSync(type), contractors: isContractorsSync(type), sync: isBankSync(type) || isContractorsSync(type) },
    period: task ? periodOf(task.payload) : null,
    sync: task ? syncResultOf(task.result) : null,
    otherResult: task && syncResultOf(task.result) === null ? otherResultOf(task.result) : null,
    duration: task && content.kind !== 'stuck' ? durationOf(task) : null,
    startedAt: task ? formatDateTime(task.started_at, zone) : null,
    finishedAt: task && content.kind !== 'stuck' ? formatDateTime(task.completed_at, zone) : null,
    progress: task && content.kind !== 'completed' ? progressOf(task) : null,
    stuckMinutes: content.stuck_minutes ?? 0,
    error: task?.error ? cut(task.error.trim(), ERROR_QUOTE_CHARS) : null,
    attempts: task && task.max_attempts > 1 ? { attempt: task.attempt, max: task.max_attempts } : null,
    hasAdvice: content.kind === 'failed' || content.kind === 'stuck',
    taskUrl: task && base ? `${base}/tasks/${encodeURIComponent(task.task_id)}` : null,
    schedule: content.schedule ?? { id: '', name: '', skipped: 0 },
    schedulesUrl: base ? `${base}/schedules` : null,
  };
}

/** The view of a digest. */
function digestView(content: DigestContent, options: RenderOptions) {
  const base = baseUrl(options.publicUrl);
  const byType = Object.entries(content.by_type)
    .map(([type, count]) => ({ name: type === '' ? 'Без задачи' : taskTypeName(type), count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'ru'));
  const items = content.items.map((item) => ({
    name: item.task_type ? taskTypeName(item.task_type) : 'Событие',
    error: item.error ? cut(item.error.trim(), DIGEST_ERROR_QUOTE_CHARS) : null,
    url: item.task_id && base ? `${base}/tasks/${encodeURIComponent(item.task_id)}` : null,
  }));
  return {
    kind: kindFlags('digest'),
    event: {
      completed: content.event === 'completed',
      failed: content.event === 'failed',
      stuck: content.event === 'stuck',
      schedule_missed: content.event === 'schedule_missed',
    },
    ruleName: content.rule_name,
    total: content.total,
    byType,
    items,
    more: Math.max(0, content.total - items.length),
    window: formatWindow(content.window_start, content.window_end, options.timeZone),
    tasksUrl: base ? `${base}/tasks` : null,
  };
}

/** «01.01.2025–31.12.2025» from a payload's `date_from`/`date_to` (a bank sync's), else null. */
function periodOf(payload: TaskSnapshot['payload']): string | null {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const from = formatDay(payload.date_from);
  const to = formatDay(payload.date_to);
  if (!from || !to) return null;
  return from === to ? from : `${from}–${to}`;
}

/** A sync's counters (src/wire/sync.ts SyncResult), when the result has them; else null. */
function syncResultOf(result: TaskSnapshot['result']) {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return null;
  const n = (key: string): number | null => {
    const v = result[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const loaded = n('loaded');
  const created = n('created');
  const updated = n('updated');
  if (loaded === null || created === null || updated === null) return null;
  return {
    loaded,
    created,
    updated,
    deleted: n('deleted') ?? 0,
    classified: n('classified') ?? 0,
    deletionSkipped: typeof result.deletion_skipped === 'string',
  };
}

/** Any other result, as compact JSON cut to a line; null for no result. */
function otherResultOf(result: TaskSnapshot['result']): string | null {
  if (result === null || result === undefined) return null;
  return cut(JSON.stringify(result), RESULT_CHARS);
}

/** The task's run time in words: started → completed, else the sync's own `duration_ms`; null when unknown. */
function durationOf(task: TaskSnapshot): string | null {
  const ms = elapsedMs(task.started_at, task.completed_at) ?? syncResultDuration(task.result);
  return ms === null ? null : formatDurationWords(ms) || null;
}

function syncResultDuration(result: TaskSnapshot['result']): number | null {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return null;
  const ms = result.duration_ms;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** How far the task got; null when it never counted anything. */
function progressOf(task: TaskSnapshot) {
  if (task.processed <= 0 && task.total === null && !task.message) return null;
  return { processed: task.processed, total: task.total, message: task.message ? cut(task.message.trim(), 200) : null };
}

/** `publicUrl` without trailing slashes; null when empty. A task's link is its page, `/tasks/<id>` (web/src/app/router.ts). */
function baseUrl(publicUrl: string): string | null {
  const base = publicUrl.trim().replace(/\/+$/, '');
  return base === '' ? null : base;
}

/** `s` cut to `max` characters with «…». */
function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

/** Line breaks and runs of spaces folded into one space. */
function oneLine(s: string): string {
  return s.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** Trailing spaces dropped, at most one empty line in a row, one final newline. */
function tidyText(s: string): string {
  return (
    s
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}
