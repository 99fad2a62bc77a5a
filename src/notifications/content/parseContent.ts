/**
 * Reads a delivery's stored `content` (JSON) back as a {@link MessageContent}: what one release wrote, the next
 * renders, and a row that is not such content (a hand-edited row, a bug) is refused with a {@link ContentError}
 * naming the field rather than rendered as a broken message.
 */
import { z } from 'zod';
import type { Json } from '../../engine/index.js';
import { EVENT_CONTENT_KINDS, type MessageContent } from './types.js';

/** A stored content that is not a message this release can render. */
export class ContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentError';
  }
}

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

const taskSnapshot = z.object({
  task_id: z.string(),
  task_type: z.string(),
  status: z.string(),
  payload: json.nullable().default(null),
  result: json.nullable().default(null),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  processed: z.number(),
  total: z.number().nullable(),
  message: z.string().nullable(),
  attempt: z.number(),
  max_attempts: z.number(),
});

const eventContent = z.object({
  kind: z.enum(EVENT_CONTENT_KINDS),
  task: taskSnapshot.nullable(),
  schedule: z.object({ id: z.string(), name: z.string(), skipped: z.number() }).nullable(),
  stuck_minutes: z.number().nullable(),
});

const digestContent = z.object({
  kind: z.literal('digest'),
  rule_name: z.string(),
  event: z.string(),
  total: z.number(),
  by_type: z.record(z.string(), z.number()),
  items: z.array(z.object({ task_id: z.string().nullable(), task_type: z.string().nullable(), error: z.string().nullable() })),
  window_start: z.string(),
  window_end: z.string(),
});

const messageContent = z.discriminatedUnion('kind', [eventContent, digestContent]);

/** The content, checked; throws {@link ContentError} («task.task_id: …») when it is not one. */
export function parseMessageContent(value: unknown): MessageContent {
  const parsed = messageContent.safeParse(value);
  if (parsed.success) {
    const content = parsed.data as MessageContent;
    if (content.kind !== 'digest' && content.kind !== 'schedule_missed' && content.task === null) {
      throw new ContentError(`task: a ${content.kind} message needs its task`);
    }
    if (content.kind === 'schedule_missed' && content.schedule === null) {
      throw new ContentError('schedule: a schedule_missed message needs its schedule');
    }
    return content;
  }
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'content';
  throw new ContentError(`${path}: ${issue?.message ?? 'not a notification content'}`);
}
