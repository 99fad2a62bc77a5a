import { TASK_LOG_LEVELS, type NewTaskLogLine, type TaskLogLevel } from './taskLogStore.js';

/** Appended to a message cut to fit the line's limit. */
export const TRUNCATED_MARK = '… [обрезано]';
/** The fields of a line whose fields did not fit its limit. */
const FIELDS_TRUNCATED = '{"truncated":true}';

/**
 * Throws a RangeError naming the argument when a `ctx.log` call is malformed (caught at the call, as progress
 * counts are): an unknown level or a message that is not a string.
 */
export function checkLogCall(level: unknown, message: unknown): asserts level is TaskLogLevel {
  if (!(TASK_LOG_LEVELS as readonly unknown[]).includes(level)) {
    throw new RangeError(`log: level must be one of ${TASK_LOG_LEVELS.join(', ')}, got ${String(level)}`);
  }
  if (typeof message !== 'string') throw new RangeError(`log: message must be a string, got ${typeof message}`);
}

/**
 * One line as stored: message and fields (serialised as JSON) together at most `maxBytes` of UTF-8. Fields that
 * do not fit beside the message become `{"truncated":true}`; a message still too long is cut and ends with
 * {@link TRUNCATED_MARK}. Fields JSON cannot hold (a cycle, a BigInt) are stored as `{"unserialisable": "…"}`.
 */
export function boundLogLine(level: TaskLogLevel, message: string, fields: unknown, maxBytes: number, at = Date.now()): NewTaskLogLine {
  message = message.replaceAll('\u0000', ''); // PostgreSQL's text refuses it
  let fieldsText = serialiseFields(fields);
  const messageBytes = Buffer.byteLength(message);
  if (fieldsText !== null && messageBytes + Buffer.byteLength(fieldsText) > maxBytes) fieldsText = FIELDS_TRUNCATED;
  const room = maxBytes - (fieldsText === null ? 0 : fieldsText.length);
  return {
    at,
    level,
    message: messageBytes > room ? cutToBytes(message, room - Buffer.byteLength(TRUNCATED_MARK)) + TRUNCATED_MARK : message,
    fields: fieldsText,
  };
}

function serialiseFields(fields: unknown): string | null {
  if (fields === undefined || fields === null) return null;
  try {
    const text = JSON.stringify(fields) as string | undefined;
    return text === undefined || text === 'null' ? null : text.replaceAll('\\u0000', '');
  } catch (err) {
    return JSON.stringify({ unserialisable: err instanceof Error ? err.message : String(err) });
  }
}

/** The longest start of `text` of at most `bytes` UTF-8 bytes, not splitting a character. */
function cutToBytes(text: string, bytes: number): string {
  if (bytes <= 0) return '';
  const buf = Buffer.from(text).subarray(0, bytes);
  // A cut inside a multi-byte character decodes to U+FFFD at the end: drop it.
  return buf.toString('utf8').replace(/\uFFFD+$/, '');
}
