// Ref_Key GUIDs that look like 1C's: version-1 layout (time-based, third group 11xx) with one node part per
// infobase, as references created in one base share the last 12 hex digits.
import type { SeededRandom } from './SeededRandom.js';

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** Makes GUIDs for one simulated infobase; deterministic for a given random sequence. */
export class RefGuidFactory {
  readonly #random: SeededRandom;
  readonly #node: string;

  constructor(random: SeededRandom) {
    this.#random = random;
    this.#node = hex(random.uint32() & 0xffff, 4) + hex(random.uint32(), 8);
  }

  /** A new GUID; the 66 random bits make a collision practically impossible for millions of records. */
  next(): string {
    const r = this.#random;
    const timeLow = hex(r.uint32(), 8);
    const timeMid = hex(r.uint32() & 0xffff, 4);
    const timeHigh = `11${hex(0xe0 | (r.uint32() & 0x0f), 2)}`;
    const clock = hex(0x8000 | (r.uint32() & 0x3fff), 4);
    return `${timeLow}-${timeMid}-${timeHigh}-${clock}-${this.#node}`;
  }
}
