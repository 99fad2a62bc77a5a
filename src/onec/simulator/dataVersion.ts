// DataVersion values: opaque base64 of 8 bytes like 1C's ("AAAAAQAAAAA="). One counter per simulator, so every
// write of any record gets a value never used before, which is all a client may rely on.

/** Hands out fresh DataVersion strings. */
export class DataVersionCounter {
  #next: number;

  constructor(start = 1) {
    this.#next = start;
  }

  /** A DataVersion value not handed out before. */
  next(): string {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32BE(this.#next % 0x1_0000_0000, 0);
    bytes.writeUInt32BE(Math.floor(this.#next / 0x1_0000_0000), 4);
    this.#next++;
    return bytes.toString('base64');
  }
}
