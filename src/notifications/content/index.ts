/** What a notification says: the stored content's shapes, its builders, and the Russian templates that render it. */
export type {
  TaskSnapshot,
  ScheduleSnapshot,
  EventContentKind,
  EventContent,
  DigestContentItem,
  DigestContent,
  MessageContent,
  RenderedMessage,
  RenderOptions,
} from './types.js';
export { EVENT_CONTENT_KINDS } from './types.js';
export { renderMessage, ERROR_QUOTE_CHARS, DIGEST_ERROR_QUOTE_CHARS } from './renderMessage.js';
export { parseMessageContent, ContentError } from './parseContent.js';
export {
  taskSnapshot,
  taskEventContent,
  scheduleMissedContent,
  digestContent,
  type SnapshotSource,
  type DigestSource,
} from './snapshot.js';
export { taskTypeName, TASK_TYPE_NAMES } from './taskNames.js';
