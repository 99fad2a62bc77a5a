// Ref_Key GUIDs that look like 1C's: version-1 layout (time-based, third group 11xx) with one node part per
// infobase, as references created in one base share the last 12 hex digits.
import type { SeededRandom } from './SeededRandom.js';

const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function pushHex(parts: string[], value: number, bytes: number): void {
  for (let shift = (bytes - 1) * 8; shift >= 0; shift -= 8) parts.push(HEX_BYTES[(value >>> shift) & 0xff] ?? '00');
}

/** Makes GUIDs for one simulated infobase; deterministic for a given random sequence. */
export class RefGuidFactory {
  readonly #random: SeededRandom;
  readonly #node: string;

  constructor(random: SeededRandom) {
    this.#random = random;
    const node: string[] = [];
    pushHex(node, random.uint32(), 2);
    pushHex(node, random.uint32(), 4);
    this.#node = node.join('');
  }

  /** A new GUID; the 66 random bits make a collision practically impossible for millions of records. */
  next(): string {
    const r = this.#random;
    // One join() gives one flat 36-character string; concatenation would keep a tree of pieces per GUID
    // (over 300 bytes each, a third of the memory of 100 000 documents).
    const parts: string[] = [];
    pushHex(parts, r.uint32(), 4);
    parts.push('-');
    pushHex(parts, r.uint32(), 2);
    parts.push('-11', HEX_BYTES[0xe0 | (r.uint32() & 0x0f)] ?? 'e0', '-');
    pushHex(parts, 0x8000 | (r.uint32() & 0x3fff), 2);
    parts.push('-', this.#node);
    return parts.join('');
  }
}
