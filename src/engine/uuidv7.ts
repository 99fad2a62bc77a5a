import { randomFillSync } from 'node:crypto';

// UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids sort by creation time,
// so "newest first" and FIFO claims are plain index scans on the primary key. Within one millisecond a
// 12-bit counter in rand_a keeps ids from this process strictly increasing.
let lastMs = 0;
let counter = 0;
// Random bytes are drawn 8 KiB at a time (one system call for 1,024 ids instead of one each).
const POOL_BYTES = 8192;
const pool = Buffer.alloc(POOL_BYTES);
let poolAt = POOL_BYTES;
const hex: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A new time-ordered UUID (version 7), monotonic within this process. */
export function uuidv7(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      // Counter exhausted within one millisecond: borrow the next millisecond.
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    counter = 0;
  }
  if (poolAt + 8 > POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const r = poolAt;
  poolAt += 8;
  const b = new Array<string>(16);
  b[0] = hex[Math.floor(ms / 2 ** 40) & 0xff]!;
  b[1] = hex[Math.floor(ms / 2 ** 32) & 0xff]!;
  b[2] = hex[(ms >>> 24) & 0xff]!;
  b[3] = hex[(ms >>> 16) & 0xff]!;
  b[4] = hex[(ms >>> 8) & 0xff]!;
  b[5] = hex[ms & 0xff]!;
  b[6] = hex[0x70 | (counter >>> 8)]!;
  b[7] = hex[counter & 0xff]!;
  b[8] = hex[0x80 | (pool[r]! & 0x3f)]!;
  for (let i = 9; i < 16; i++) b[i] = hex[pool[r + i - 8]!]!;
  return `${b[0]}${b[1]}${b[2]}${b[3]}-${b[4]}${b[5]}-${b[6]}${b[7]}-${b[8]}${b[9]}-${b[10]}${b[11]}${b[12]}${b[13]}${b[14]}${b[15]}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID (any version). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/**
 * How far a task's id time (uuidv7, this process's clock, at enqueue) may stray from its `created_at` (the store's
 * clock — PostgreSQL's on that backend — a moment later): the lists bound a created_at range by ids this much
 * wider, so the newest-first walk of the primary key starts near the range instead of at the newest task.
 */
export const TASK_ID_CLOCK_MARGIN_MS = 24 * 3600 * 1000;

/** The lowest UUID of this Unix millisecond's v7 ids (and above every earlier one's), clamped to 48 bits. */
export function uuidv7Floor(ms: number): string {
  const h = Math.min(Math.max(Math.floor(ms), 0), 2 ** 48 - 1)
    .toString(16)
    .padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}-0000-0000-000000000000`;
}
